"""DAEMON-04: non-daemonic children are joined when the parent exits normally (tutorial 001, "不使用daemon")."""
import os
import sys
import tempfile
import time

from _probe import become_subreaper, check, expect, main, reap_all, run_self, spawn


def worker(path, interval):
    time.sleep(interval)
    with open(path, 'w') as f:
        f.write(repr(time.time()))  # "work end"


def parent(path):
    spawn().Process(target=worker, args=(path, 1.0)).start()
    print('end!', flush=True)  # then return from main without join


def body():
    become_subreaper()  # adopt the parent's resource tracker when the parent exits, and reap it
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'work-end')
        run = run_self('parent', path)
        parent_gone = time.time()
        expect(run.returncode, 0, f'parent exit status (stderr: {run.stderr!r})')
        expect(run.stdout, 'end!\n', "parent's output")
        check(os.path.exists(path), 'the non-daemonic child did not finish its work')
        with open(path) as f:
            work_end = float(f.read())
        check(work_end <= parent_gone, 'the parent exited before its non-daemonic child finished')

    reap_all()


if __name__ == '__main__':
    if sys.argv[1:2] == ['parent']:
        parent(sys.argv[2])
    else:
        main(body)
