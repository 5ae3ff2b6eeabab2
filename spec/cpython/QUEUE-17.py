"""QUEUE-17: join_thread() before close() raises AssertionError('Queue <...> not closed'); after close() it returns
once the items this process put are in the pipe (another process can then get them at once), and at once when no
feeder was started."""
import gc
import re
import time

from _probe import check, expect, main, raises, recv, spawn


def put_close_join(q, conn):
    for i in range(100):
        q.put(i)
    q.close()
    q.join_thread()
    conn.send('joined')
    recv(conn)


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    q = mp.Queue()
    message = str(raises(AssertionError, q.join_thread))
    check(re.fullmatch(r'Queue <multiprocessing\.queues\.Queue object at 0x[0-9a-f]+> not closed', message),
          f'join_thread() before close(): {message!r}')
    q.close()
    began = time.monotonic()
    q.join_thread()
    check(time.monotonic() - began < 0.1, 'join_thread() with no feeder waited')
    q = mp.Queue()
    here, there = mp.Pipe()
    p = mp.Process(target=put_close_join, args=(q, there))
    p.start()
    expect(recv(here), 'joined', 'the child after close() and join_thread()')
    expect([q.get_nowait() for _ in range(100)], list(range(100)), 'get_nowait() of every item the child put')
    here.send('bye')
    p.join()
    settle(q)


if __name__ == '__main__':
    main(body)
