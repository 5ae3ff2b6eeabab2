"""POOL-17: imap raises a failed item's exception at its position and goes on with the next; imap_unordered
raises it in its place among the others."""
from _probe import expect, main, spawn


def fail_on(x):
    if x in (3, 7):
        raise ValueError(f'fail {x}')
    return x


def drain(it):
    out = []
    while True:
        try:
            out.append(it.next(timeout=10))
        except StopIteration:
            return out
        except ValueError as e:
            out.append(str(e))


def body():
    mp = spawn()
    with mp.Pool(2) as pool:
        expected = [0, 1, 2, 'fail 3', 4, 5, 6, 'fail 7', 8, 9]
        expect(drain(pool.imap(fail_on, range(10))), expected, 'imap with failures at 3 and 7')
        expect(sorted(drain(pool.imap_unordered(fail_on, range(10))), key=str), sorted(expected, key=str),
               'imap_unordered with failures at 3 and 7')
    pool.join()


if __name__ == '__main__':
    main(body)
