"""SEM-17: pickling a Semaphore or BoundedSemaphore other than to start a child raises RuntimeError naming its type."""
import pickle

from _probe import expect, main, raises, recv, spawn


def acquire_it(sem, conn):
    conn.send(sem.acquire(False))


def body():
    mp = spawn()
    for make, name in ((mp.Semaphore, 'Semaphore'), (mp.BoundedSemaphore, 'BoundedSemaphore')):
        sem = make(1)
        message = f'{name} objects should only be shared between processes through inheritance'
        expect(str(raises(RuntimeError, pickle.dumps, sem)), message, f'pickle.dumps({name}(1))')
        r, w = mp.Pipe()
        expect(str(raises(RuntimeError, w.send, sem)), message, f'Connection.send({name}(1))')
        r, w = mp.Pipe(duplex=False)
        p = mp.Process(target=acquire_it, args=(sem, w))
        p.start()
        expect(recv(r), True, f'a child that received the {name} as an argument acquires it')
        p.join()


if __name__ == '__main__':
    main(body)
