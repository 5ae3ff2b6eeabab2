"""POOL-14: starmap and starmap_async unpack each argument tuple, results in input order; an empty input gives []."""
from _probe import expect, main, spawn


def mul(x, y):
    return x * y


def body():
    mp = spawn()
    with mp.Pool(2) as pool:
        expect(pool.starmap(mul, [(1, 2), (3, 4)]), [2, 12], 'starmap(mul, [(1, 2), (3, 4)])')
        pairs = [(i, i + 1) for i in range(30)]
        expect(pool.starmap(mul, pairs, 4), [i * (i + 1) for i in range(30)], 'starmap with chunksize=4')
        expect(pool.starmap_async(mul, pairs).get(10), [i * (i + 1) for i in range(30)], 'starmap_async')
        expect(pool.starmap(mul, []), [], 'starmap of []')
        expect(pool.starmap_async(mul, []).get(10), [], 'starmap_async of []')
    pool.join()


if __name__ == '__main__':
    main(body)
