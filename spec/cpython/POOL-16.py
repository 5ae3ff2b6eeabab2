"""POOL-16: map with failing items raises one of their exceptions only after every chunk has finished: every other
item ran."""
from _probe import check, main, raises, spawn

COUNT = None


def keep(count):
    global COUNT
    COUNT = count


def fail_on(x):
    if x in (3, 7):
        raise ValueError(f'fail {x}')
    with COUNT.get_lock():
        COUNT.value += 1
    return x


def body():
    mp = spawn()
    count = mp.Value('i', 0)
    with mp.Pool(2, initializer=keep, initargs=(count,)) as pool:
        e = raises(ValueError, pool.map, fail_on, range(10), chunksize=1)
        check(str(e) in ('fail 3', 'fail 7'), f'map raised {e!r}')
        check(count.value == 8, f'{count.value} of the 8 other items had run when map raised')
    pool.join()


if __name__ == '__main__':
    main(body)
