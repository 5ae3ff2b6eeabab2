"""POOL-08: on a result that is not ready, get(timeout=0.3) raises multiprocessing.TimeoutError (not the builtin
TimeoutError, and with an empty message) no earlier than 0.3 s, wait(0.3) returns None no earlier than 0.3 s, a zero
or negative timeout does not wait, and the result still arrives; imap's next(timeout) does the same."""
import builtins
import multiprocessing
import time

from _probe import check, expect, main, raises, spawn

GO = None


def keep(event):
    global GO
    GO = event


def held(x):
    GO.wait(10)
    return x * x


def timed(fn, *args, **kwargs):
    began = time.monotonic()
    try:
        return fn(*args, **kwargs), time.monotonic() - began
    except Exception as e:
        return e, time.monotonic() - began


def body():
    mp = spawn()
    go = mp.Event()
    with mp.Pool(1, initializer=keep, initargs=(go,)) as pool:
        r = pool.apply_async(held, (7,))
        error, took = timed(r.get, timeout=0.3)
        check(isinstance(error, multiprocessing.TimeoutError), f'get(timeout=0.3) gave {error!r}')
        check(took >= 0.3, f'get(timeout=0.3) raised after {took:.4f} s')
        expect(str(error), '', 'str() of the TimeoutError')
        check(not issubclass(multiprocessing.TimeoutError, builtins.TimeoutError), 'mp.TimeoutError is builtin')
        value, took = timed(r.wait, 0.3)
        check(value is None and took >= 0.3, f'wait(0.3) returned {value!r} after {took:.4f} s')
        for t in (0, -1):
            error, took = timed(r.get, timeout=t)
            check(isinstance(error, multiprocessing.TimeoutError) and took < 2.0, f'get(timeout={t}): {error!r}')
        expect(r.ready(), False, 'ready() after the timeouts')
        it = pool.imap(held, [3])
        error, took = timed(it.next, timeout=0.3)
        check(isinstance(error, multiprocessing.TimeoutError) and took >= 0.3, f'next(timeout=0.3): {error!r}')
        go.set()
        expect(r.get(timeout=10), 49, 'the result after the timeouts')
        expect(it.next(timeout=10), 9, 'the imap result after the timeout')
    pool.join()


if __name__ == '__main__':
    main(body)
