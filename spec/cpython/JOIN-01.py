"""JOIN-01: join() returns only after the child has exited, and the exit code is then set."""
import os
import tempfile
import time

from _probe import check, expect, main, spawn


def target(path):
    time.sleep(0.3)
    open(path, 'w').close()  # the child's last act


def body():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'last-act')
        p = spawn().Process(target=target, args=(path,))
        p.start()
        started = time.monotonic()
        expect(p.join(), None, 'join() result')
        elapsed = time.monotonic() - started
        check(os.path.exists(path), "join() returned before the child's last act")
        check(elapsed >= 0.3, f'join() returned after {elapsed:.3f} s; the child sleeps 0.3 s')
        expect((p.exitcode, p.is_alive()), (0, False), '(exitcode, is_alive()) after join()')


if __name__ == '__main__':
    main(body)
