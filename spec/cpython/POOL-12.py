"""POOL-12 (deviation): a callback that raises breaks the pool: the traceback goes to stderr, that result never becomes
ready, later results are never delivered, and terminate() raises AssertionError('Cannot have cache with
result_hander not alive')."""
import multiprocessing

from _probe import check, expect, fd_captured, main, raises, spawn, wait_until


def sqr(x):
    return x * x


def body():
    mp = spawn()
    pool = mp.Pool(1)
    with fd_captured(2) as stderr:
        r = pool.apply_async(sqr, (3,), callback=lambda v: 1 / 0)
        wait_until(lambda: 'ZeroDivisionError' in stderr(), what='the callback\'s traceback on stderr')
    expect(r.ready(), False, 'ready() of the result whose callback raised')
    later = pool.apply_async(sqr, (4,))
    raises(multiprocessing.TimeoutError, later.get, timeout=0.3)
    expect(str(raises(AssertionError, pool.terminate)), 'Cannot have cache with result_hander not alive',
           'terminate() of the broken pool')
    check(not r.ready() and not later.ready(), 'a result became ready')


if __name__ == '__main__':
    main(body)
