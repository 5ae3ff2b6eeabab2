"""POOL-13: map and map_async return the results in input order for any chunk size; an empty input gives [] and a
map_async result that is ready at once; a generator is consumed before map_async returns."""
from _probe import check, expect, main, spawn


def sqr(x):
    return x * x


def body():
    mp = spawn()
    with mp.Pool(2) as pool:
        squares = [x * x for x in range(50)]
        expect(pool.map(sqr, range(50)), squares, 'map with the default chunk size')
        for chunksize in (1, 3, 7, 100):
            expect(pool.map(sqr, range(50), chunksize), squares, f'map with chunksize={chunksize}')
            expect(pool.map_async(sqr, range(50), chunksize).get(10), squares, f'map_async, chunksize={chunksize}')
        expect(pool.map(sqr, []), [], 'map of []')
        empty = pool.map_async(sqr, [])
        check(empty.ready(), 'map_async of [] is not ready at once')
        expect(empty.get(), [], 'map_async of []')
        gen = (x for x in range(5))
        r = pool.map_async(sqr, gen)
        expect(list(gen), [], 'what map_async left of the generator')
        expect(r.get(10), [0, 1, 4, 9, 16], 'map_async of a generator')
    pool.join()


if __name__ == '__main__':
    main(body)
