"""POOL-33: a pool cannot be pickled: pickle.dumps raises NotImplementedError('pool objects cannot be passed between
processes or pickled'), and a pool passed as a task argument makes get() raise it."""
import pickle

from _probe import expect, main, raises, spawn

MESSAGE = 'pool objects cannot be passed between processes or pickled'


def use(pool):
    return 'ran'


def body():
    mp = spawn()
    with mp.Pool(1) as pool:
        expect(str(raises(NotImplementedError, pickle.dumps, pool)), MESSAGE, 'pickle.dumps(pool)')
        r = pool.apply_async(use, (pool,))
        expect(str(raises(NotImplementedError, r.get, timeout=10)), MESSAGE, 'a pool as a task argument')
        expect(pool.apply(use, (None,)), 'ran', 'apply afterwards')
    pool.join()


if __name__ == '__main__':
    main(body)
