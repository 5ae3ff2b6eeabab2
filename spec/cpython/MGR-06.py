"""MGR-06: a manager JoinableQueue: join() returns once a child has called task_done() for every item put; one
task_done() too many raises ValueError('task_done() called too many times')."""
import time

from _probe import expect, main, raises, spawn


def work(q, conn):
    for _ in range(3):
        item = q.get(timeout=10)
        time.sleep(0.05)
        conn.send(item)
        q.task_done()


def body():
    mp = spawn()
    with mp.Manager() as m:
        q = m.JoinableQueue()
        for i in range(3):
            q.put(i)
        mine, theirs = mp.Pipe()
        p = mp.Process(target=work, args=(q, theirs))
        p.start()
        q.join()
        done = []
        while mine.poll():
            done.append(mine.recv())
        expect(done, [0, 1, 2], 'items the child had finished when join() returned')
        p.join()
        expect(str(raises(ValueError, q.task_done)), 'task_done() called too many times', 'an extra task_done()')


if __name__ == '__main__':
    main(body)
