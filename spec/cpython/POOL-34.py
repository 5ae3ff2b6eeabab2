"""POOL-34: a task works on a copy: a list it changes is unchanged in the caller. Deviation: the task handler thread
pickles the arguments after apply_async returned, so a change made afterwards can reach the task (made deterministic
by holding the task handler in an earlier imap's generator)."""
import threading

from _probe import expect, main, spawn


def append_two(lst):
    lst.append(2)
    return lst


def echo(x):
    return x


def body():
    mp = spawn()
    with mp.Pool(1) as pool:
        lst = [1]
        expect(pool.apply(append_two, (lst,)), [1, 2], 'what the task returned')
        expect(lst, [1], "the caller's list after the task changed its copy")
        hold = threading.Event()

        def held_items():
            hold.wait(10)
            yield 0

        earlier = pool.imap(echo, held_items())  # the task handler thread waits in this generator
        later = [1]
        r = pool.apply_async(echo, (later,))
        later.append(2)  # after apply_async returned
        hold.set()
        expect(list(earlier), [0], 'the earlier imap')
        expect(r.get(timeout=10), [1, 2], 'what the task received')
    pool.join()


if __name__ == '__main__':
    main(body)
