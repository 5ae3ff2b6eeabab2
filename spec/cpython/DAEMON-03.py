"""DAEMON-03: daemonic children are terminated when the parent exits normally (tutorial 001, "使用daemon")."""
import os
import sys
import tempfile
import time

from _probe import become_subreaper, check, expect, main, pid_running, reap_all, run_self, spawn


def worker(path, interval):
    time.sleep(interval)
    open(path, 'w').close()  # "work end": must never happen


def parent(path):
    p = spawn().Process(target=worker, args=(path, 3), daemon=True)
    p.start()
    print(p.pid, flush=True)  # then return from main without join


def body():
    become_subreaper()  # adopt the parent's resource tracker when the parent exits, and reap it
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'work-end')
        started = time.monotonic()
        run = run_self('parent', path)
        elapsed = time.monotonic() - started
        expect(run.returncode, 0, f'parent exit status (stderr: {run.stderr!r})')
        child = int(run.stdout.split()[0])
        check(not pid_running(child), 'the daemonic child outlived its parent')
        check(elapsed < 2.5, f'the parent took {elapsed:.2f} s to exit; it waited for its daemonic child')
        check(not os.path.exists(path), 'the daemonic child finished its work')

    reap_all()


if __name__ == '__main__':
    if sys.argv[1:2] == ['parent']:
        parent(sys.argv[2])
    else:
        main(body)
