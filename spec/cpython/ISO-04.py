"""ISO-04: a spawn child starts from fresh module state; a fork child sees the parent's values at start()."""
import multiprocessing

from _probe import expect, main, recv

STATE = []
COUNTER = 0


def report(conn):
    conn.send((list(STATE), COUNTER))


def seen_by_child(method):
    mp = multiprocessing.get_context(method)
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=report, args=(w,))
    p.start()
    seen = recv(r)
    p.join()
    return seen


def body():
    global COUNTER
    STATE.append('parent-before-start')
    COUNTER = 1
    expect(seen_by_child('spawn'), ([], 0), 'module globals seen by a spawn child')
    expect(seen_by_child('fork'), (['parent-before-start'], 1), 'module globals seen by a fork child')


if __name__ == '__main__':
    main(body)
