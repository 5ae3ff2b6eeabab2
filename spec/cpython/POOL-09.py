"""POOL-09: a ready result stays ready: get() returns the same value every time, get(timeout=0) and wait(0) return at
once, and ready() and successful() are True."""
from _probe import check, expect, main, spawn


def make_list(n):
    return list(range(n))


def body():
    mp = spawn()
    with mp.Pool(1) as pool:
        r = pool.apply_async(make_list, (3,))
        first = r.get(timeout=10)
        expect(first, [0, 1, 2], 'get()')
        check(r.get() is first and r.get(timeout=0) is first, 'a second get() returns the same value')
        expect(r.wait(0), None, 'wait(0)')
        expect((r.ready(), r.successful()), (True, True), '(ready(), successful())')
    pool.join()


if __name__ == '__main__':
    main(body)
