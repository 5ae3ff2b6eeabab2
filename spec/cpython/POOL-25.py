"""POOL-25: after close(), terminate() or leaving a with block, every submitting method raises
ValueError('Pool not running'), and so does entering the with block again."""
from _probe import expect, main, raises, spawn


def sqr(x):
    return x * x


def mul(x, y):
    return x * y


def check_refuses(pool, how):
    for name, call in (('apply', lambda: pool.apply(sqr, (1,))), ('apply_async', lambda: pool.apply_async(sqr, (1,))),
                       ('map', lambda: pool.map(sqr, [1])), ('map_async', lambda: pool.map_async(sqr, [1])),
                       ('imap', lambda: pool.imap(sqr, [1])), ('imap_unordered', lambda: pool.imap_unordered(sqr, [1])),
                       ('starmap', lambda: pool.starmap(mul, [(1, 2)])),
                       ('starmap_async', lambda: pool.starmap_async(mul, [(1, 2)]))):
        expect(str(raises(ValueError, call)), 'Pool not running', f'{name} after {how}')


def body():
    mp = spawn()
    pool = mp.Pool(1)
    pool.close()
    check_refuses(pool, 'close()')
    pool.join()
    pool = mp.Pool(1)
    pool.terminate()
    check_refuses(pool, 'terminate()')
    pool.join()
    with mp.Pool(1) as pool:
        pass
    check_refuses(pool, 'the with block')
    expect(str(raises(ValueError, pool.__enter__)), 'Pool not running', 'entering the with block again')
    pool.join()


if __name__ == '__main__':
    main(body)
