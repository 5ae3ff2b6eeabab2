"""PROC-12: a normal return gives exit code 0; the target's return value is ignored."""
from _probe import expect, main, spawn


def returns_42():
    return 42


def body():
    p = spawn().Process(target=returns_42)
    p.start()
    p.join()
    expect(p.exitcode, 0, 'exitcode of a target that returned 42')


if __name__ == '__main__':
    main(body)
