"""POOL-32: a failure nobody asks for is held, not reported: a failed apply_async and map_async followed by close()
and join() print nothing and raise nothing, and get() still raises the failure afterwards."""
from _probe import check, expect, fd_captured, main, raises, spawn


def raiser():
    raise ValueError('nobody asked')


def fail_on(x):
    if x == 2:
        raise KeyError(x)
    return x


def body():
    mp = spawn()
    with fd_captured(2) as stderr:
        pool = mp.Pool(2)
        a = pool.apply_async(raiser)
        m = pool.map_async(fail_on, range(4))
        pool.close()
        pool.join()
        printed = stderr()
    expect(printed, '', 'stderr of the pool and its workers')
    check(a.ready() and m.ready(), 'the failed results are ready after join()')
    expect(str(raises(ValueError, a.get)), 'nobody asked', 'get() of the failed apply_async after join()')
    expect(raises(KeyError, m.get).args, (2,), 'get() of the failed map_async after join()')


if __name__ == '__main__':
    main(body)
