"""POOL-19 (deviation): map, map_async and starmap with chunksize=0 submit nothing and silently return a list of
Nones; imap and imap_unordered refuse chunksize < 1 with ValueError('Chunksize must be 1+, not 0')."""
from _probe import expect, main, raises, spawn

COUNT = None


def keep(count):
    global COUNT
    COUNT = count


def sqr(x):
    with COUNT.get_lock():
        COUNT.value += 1
    return x * x


def mul(x, y):
    return sqr(x) * y


def body():
    mp = spawn()
    count = mp.Value('i', 0)
    with mp.Pool(1, initializer=keep, initargs=(count,)) as pool:
        expect(pool.map(sqr, [1, 2, 3], chunksize=0), [None, None, None], 'map(sqr, [1, 2, 3], chunksize=0)')
        expect(pool.map_async(sqr, [1, 2], chunksize=0).get(10), [None, None], 'map_async(..., chunksize=0)')
        expect(pool.starmap(mul, [(1, 2)], chunksize=0), [None], 'starmap(..., chunksize=0)')
        expect(count.value, 0, 'tasks run for chunksize=0')
        for n in (0, -1):
            expect(str(raises(ValueError, pool.imap, sqr, [1], n)), f'Chunksize must be 1+, not {n}',
                   f'imap(..., chunksize={n})')
            expect(str(raises(ValueError, pool.imap_unordered, sqr, [1], n)), f'Chunksize must be 1+, not {n}',
                   f'imap_unordered(..., chunksize={n})')
        expect(pool.map(sqr, [1, 2, 3]), [1, 4, 9], 'map afterwards')
    pool.join()


if __name__ == '__main__':
    main(body)
