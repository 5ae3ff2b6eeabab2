"""POOL-21 (deviation): an argument that cannot be pickled is not refused by apply_async, which returns normally; the
pickling error (AttributeError("Can't pickle local object ...")) is raised by get(), with no cause, and map raises it
itself; the pool stays usable."""
from _probe import check, expect, main, raises, spawn


def sqr(x):
    return x * x


def body():
    mp = spawn()

    def local():
        pass

    with mp.Pool(1) as pool:
        r = pool.apply_async(sqr, (local,))
        e = raises(AttributeError, r.get, timeout=10)
        check(str(e).startswith("Can't pickle local object 'body.<locals>.local'"), f'get(): {e!r}')
        expect((e.__cause__, r.successful()), (None, False), '(cause, successful())')
        e = raises(AttributeError, pool.map, sqr, [1, local])
        check("Can't pickle local object" in str(e), f'map: {e!r}')
        raises(AttributeError, pool.apply, local)
        expect(pool.apply(sqr, (5,)), 25, 'apply afterwards')
    pool.join()


if __name__ == '__main__':
    main(body)
