"""POOL-18: an exception raised by the input iterable is raised by map, map_async, starmap and starmap_async
themselves (the same object, nothing submitted); imap hands out the results before it and then raises an equal
exception, with no cause, at the position the item would have had, and the iteration ends there."""
from _probe import check, expect, main, raises, spawn

COUNT = None


def keep(count):
    global COUNT
    COUNT = count


def sqr(x):
    with COUNT.get_lock():
        COUNT.value += 1
    return x * x


def mul(x, y):
    return sqr(x) // x * y if x else 0


class Broken(Exception):
    pass


def items(error, pairs=False):
    for i in range(3):
        yield (i, i) if pairs else i
    raise error


def body():
    mp = spawn()
    count = mp.Value('i', 0)
    with mp.Pool(2, initializer=keep, initargs=(count,)) as pool:
        for name, call in (('map', lambda e: pool.map(sqr, items(e))),
                           ('map_async', lambda e: pool.map_async(sqr, items(e))),
                           ('starmap', lambda e: pool.starmap(mul, items(e, True))),
                           ('starmap_async', lambda e: pool.starmap_async(mul, items(e, True)))):
            error = Broken(f'iterable of {name}')
            check(raises(Broken, call, error) is error, f'{name} raised another object')
        expect(count.value, 0, 'tasks run by the refused calls')
        it = pool.imap(sqr, items(Broken('iterable of imap')))
        expect([it.next(timeout=10) for _ in range(3)], [0, 1, 4], 'imap before the failing item')
        e = raises(Broken, it.next, timeout=10)
        expect((e.args, e.__cause__), (('iterable of imap',), None), 'the exception at the failing position')
        raises(StopIteration, it.next, timeout=10)
    pool.join()


if __name__ == '__main__':
    main(body)
