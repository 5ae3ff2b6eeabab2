"""LOCK-17: pickling a Lock or RLock other than to start a child raises RuntimeError naming its type."""
import pickle

from _probe import expect, main, raises, recv, spawn


def acquire_it(lock, conn):
    conn.send(lock.acquire(False))


def body():
    mp = spawn()
    for make, name in ((mp.Lock, 'Lock'), (mp.RLock, 'RLock')):
        lock = make()
        message = f'{name} objects should only be shared between processes through inheritance'
        expect(str(raises(RuntimeError, pickle.dumps, lock)), message, f'pickle.dumps({name}())')
        r, w = mp.Pipe()
        expect(str(raises(RuntimeError, w.send, lock)), message, f'Connection.send({name}())')
        # ... while passing it to a child that is being started is the way to share it.
        r, w = mp.Pipe(duplex=False)
        p = mp.Process(target=acquire_it, args=(lock, w))
        p.start()
        expect(recv(r), True, f'a child that received the {name} as an argument acquires it')
        p.join()


if __name__ == '__main__':
    main(body)
