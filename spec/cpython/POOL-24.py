"""POOL-24: join() before close() or terminate() raises ValueError('Pool is still running'), and the pool is
unaffected."""
from _probe import expect, main, raises, spawn


def sqr(x):
    return x * x


def body():
    mp = spawn()
    pool = mp.Pool(1)
    expect(str(raises(ValueError, pool.join)), 'Pool is still running', 'join() of a running pool')
    expect(pool.apply(sqr, (6,)), 36, 'apply afterwards')
    pool.close()
    pool.join()


if __name__ == '__main__':
    main(body)
