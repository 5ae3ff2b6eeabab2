"""SEM-05: permits are shared between processes: what a child releases the parent acquires, and the other way round."""
import os
import tempfile

from _probe import expect, main, recv, spawn


def child(sem, conn, path):
    with open(path, 'w') as f:
        f.write('written before release()')
    for _ in range(3):
        sem.release()
    conn.send('released')
    expect(recv(conn), 'your turn', 'message from the parent')
    conn.send([sem.acquire(False) for _ in range(3)])


def body():
    mp = spawn()
    sem = mp.Semaphore(0)
    here, there = mp.Pipe()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'note')
        p = mp.Process(target=child, args=(sem, there, path))
        p.start()
        expect(recv(here), 'released', 'first message from the child')
        expect(sem.get_value(), 3, "the parent's get_value() after the child released 3 times")
        expect([sem.acquire(False) for _ in range(4)], [True, True, True, False], "the parent's four acquire(False)")
        with open(path) as f:
            expect(f.read(), 'written before release()', 'what the child wrote before it released')
        sem.release()
        sem.release()
        here.send('your turn')
        expect(recv(here), [True, True, False], "the child's three acquire(False) after the parent released twice")
        p.join()
        expect(p.exitcode, 0, "the child's exitcode")


if __name__ == '__main__':
    main(body)
