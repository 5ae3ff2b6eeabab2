"""QUEUE-13: after close(), put, put(timeout), put_nowait, get, get(timeout) and get_nowait raise
ValueError('Queue <...> is closed'); qsize() still works, empty() only until the feeder thread has handled the
close; close() again does nothing; other processes'
handles are unaffected, and items put before close() are delivered."""
import gc
import re

from _probe import check, expect, main, raises, spawn, wait_until


def put_close_exit(q):
    for i in range(3):
        q.put(i)
    q.close()


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    for make in (mp.Queue, mp.JoinableQueue):
        q = make()
        q.put('before')
        wait_until(lambda: not q.empty(), what='the item put before close() is in the pipe')
        q.close()
        q.close()
        for name, call in (('put', lambda: q.put(1)), ('put(timeout)', lambda: q.put(1, timeout=1)),
                           ('put_nowait', lambda: q.put_nowait(1)), ('get', q.get),
                           ('get(timeout)', lambda: q.get(timeout=1)), ('get_nowait', q.get_nowait)):
            message = str(raises(ValueError, call))
            check(re.fullmatch(rf'Queue <multiprocessing\.queues\.{make.__name__} object at 0x[0-9a-f]+> '
                               r'is closed', message), f'{name} after close(): {message!r}')
        expect(q.qsize(), 1, 'qsize() after close()')
        # empty() works only until the feeder thread handles the close: it then closes the reader too (_feed:
        # reader_close()), so after join_thread() empty() fails; mpkit's isEmpty() keeps working (JVM adaptation)
        q.join_thread()
        expect(str(raises(OSError, q.empty)), 'handle is closed', 'empty() once the feeder has handled close()')
    q = mp.Queue()
    p = mp.Process(target=put_close_exit, args=(q,))
    p.start()
    expect([q.get(timeout=10) for _ in range(3)], [0, 1, 2], "items a child put before its close()")
    p.join()
    q.put('still open here')
    expect(q.get(timeout=10), 'still open here', "the parent's handle after the child closed its own")
    settle(q)


if __name__ == '__main__':
    main(body)
