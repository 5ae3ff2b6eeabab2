"""PROC-03: a process without a target does nothing and exits with code 0."""
from _probe import expect, main, spawn


def body():
    p = spawn().Process()
    expect(p.run(), None, 'run() without a target')
    p.start()
    p.join()
    expect(p.exitcode, 0, 'exitcode of Process() with no target')


if __name__ == '__main__':
    main(body)
