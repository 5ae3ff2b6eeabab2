"""JOIN-06: a process can be joined many times."""
import time

from _probe import check, expect, main, spawn


def body():
    p = spawn().Process()
    p.start()
    p.join()
    started = time.monotonic()
    for timeout in (None, None, 0, 5):
        expect(p.join(timeout), None, f'join({timeout}) again')
    check(time.monotonic() - started < 0.5, 'joining an exited process again did not return at once')
    expect(p.exitcode, 0, 'exitcode after joining many times')


if __name__ == '__main__':
    main(body)
