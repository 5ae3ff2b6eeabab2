"""DAEMON-05: at exit, daemonic children are terminated first, before the parent waits for the others."""
import os
import sys
import tempfile
import time

from _probe import become_subreaper, check, expect, main, reap_all, run_self, spawn


def worker(path, interval):
    time.sleep(interval)
    open(path, 'w').close()


def parent(folder):
    mp = spawn()
    mp.Process(target=worker, args=(os.path.join(folder, 'non-daemon'), 1.0)).start()
    mp.Process(target=worker, args=(os.path.join(folder, 'daemon'), 0.5), daemon=True).start()


def body():
    become_subreaper()  # adopt the parent's resource tracker when the parent exits, and reap it
    with tempfile.TemporaryDirectory() as folder:
        run = run_self('parent', folder)
        expect(run.returncode, 0, f'parent exit status (stderr: {run.stderr!r})')
        check(os.path.exists(os.path.join(folder, 'non-daemon')), 'the non-daemonic child did not finish (at 1.0 s)')
        check(not os.path.exists(os.path.join(folder, 'daemon')),
              'the daemonic child finished its work (at 0.5 s): it was not terminated before the parent waited')

    reap_all()


if __name__ == '__main__':
    if sys.argv[1:2] == ['parent']:
        parent(sys.argv[2])
    else:
        main(body)
