"""POOL-15: imap hands out results in input order and imap_unordered the same multiset; next() raises StopIteration
after the last; imap takes items lazily, so the first ten results of an endless iterable arrive."""
import itertools

from _probe import expect, main, raises, spawn


def sqr(x):
    return x * x


def body():
    mp = spawn()
    with mp.Pool(2) as pool:
        squares = [x * x for x in range(30)]
        for chunksize in (1, 4):
            expect(list(pool.imap(sqr, range(30), chunksize)), squares, f'imap, chunksize={chunksize}')
            expect(sorted(pool.imap_unordered(sqr, range(30), chunksize)), squares,
                   f'sorted imap_unordered, chunksize={chunksize}')
        it = pool.imap(sqr, [5])
        expect(it.next(timeout=10), 25, 'the only result')
        raises(StopIteration, it.next)
        expect(list(itertools.islice(pool.imap(sqr, itertools.count()), 10)), squares[:10],
               'the first ten results of imap over itertools.count()')
    pool.join()


if __name__ == '__main__':
    main(body)
