"""PROC-21: CPython's terminate() or kill() before start() raises an unguarded AttributeError."""
from _probe import check, main, raises, spawn


def body():
    p = spawn().Process()
    for method in (p.terminate, p.kill):
        e = raises(AttributeError, method)
        check("'NoneType' object has no attribute" in str(e), f'{method.__name__}(): unexpected message {e}')


if __name__ == '__main__':
    main(body)
