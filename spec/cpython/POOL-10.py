"""POOL-10: a task's exception is re-raised by get() as the same type and args, with a RemoteTraceback cause holding the
worker's traceback; get() again raises the same object; successful() is False; an AssertionError likewise; the pool
stays usable. A BaseException that is not an Exception (KeyboardInterrupt) kills the worker and its result never
arrives."""
import multiprocessing
import multiprocessing.pool

from _probe import check, expect, fd_captured, main, raises, spawn, wait_until


def raise_key(x):
    raise KeyError(f'bad key {x}')


def fail_assert():
    assert False, 'boom'


def interrupt():
    raise KeyboardInterrupt('stop')


def sqr(x):
    return x * x


def body():
    mp = spawn()
    with mp.Pool(1) as pool:
        r = pool.apply_async(raise_key, (1,))
        e = raises(KeyError, r.get, timeout=10)
        expect(e.args, ('bad key 1',), 'args of the re-raised KeyError')
        check(isinstance(e.__cause__, multiprocessing.pool.RemoteTraceback), f'cause {e.__cause__!r}')
        check('raise_key' in str(e.__cause__), 'the remote traceback names the task function')
        check(raises(KeyError, r.get) is e, 'a second get() raises the same object')
        expect(r.successful(), False, 'successful()')
        e = raises(AssertionError, pool.apply, fail_assert)
        expect(e.args, ('boom',), 'args of the re-raised AssertionError')
        expect(pool.apply(sqr, (7,)), 49, 'apply after the failures')
    pool.join()
    with fd_captured(2) as stderr, mp.Pool(1) as pool:  # a pool whose worker writes to the captured stderr
        lost = pool.apply_async(interrupt)
        raises(multiprocessing.TimeoutError, lost.get, timeout=0.5)
        wait_until(lambda: 'KeyboardInterrupt: stop' in stderr(), what="the dead worker's traceback")
        expect(pool.apply(sqr, (8,)), 64, 'apply after the worker died of KeyboardInterrupt')
    pool.join()


if __name__ == '__main__':
    main(body)
