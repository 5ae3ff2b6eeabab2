"""PROC-19: terminate() and kill() after the child exited change nothing."""
from multiprocessing.connection import wait

from _probe import check, expect, main, spawn


def body():
    mp = spawn()
    joined = mp.Process()
    joined.start()
    joined.join()
    joined.terminate()
    joined.kill()
    expect(joined.exitcode, 0, 'exitcode after terminate()/kill() of a joined child')

    unreaped = mp.Process()
    unreaped.start()
    check(wait([unreaped.sentinel], 10), 'the child did not exit')  # exited, but not yet reaped
    unreaped.terminate()
    unreaped.kill()
    unreaped.join()
    expect(unreaped.exitcode, 0, 'exitcode after terminate()/kill() of an exited, unreaped child')


if __name__ == '__main__':
    main(body)
