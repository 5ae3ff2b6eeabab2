"""POOL-23: close() returns at once, while tasks are still held; join() after it returns no earlier than the last task
ends, with every result ready and successful; close() twice does nothing."""
import time

from _probe import check, expect, main, spawn

GO = None


def keep(go):
    global GO
    GO = go


def work(x):
    GO.wait(10)
    time.sleep(0.05)
    return x, time.time()


def body():
    mp = spawn()
    go = mp.Event()
    pool = mp.Pool(2, initializer=keep, initargs=(go,))
    results = [pool.apply_async(work, (i,)) for i in range(4)]
    pool.close()  # returns although no task can end yet
    pool.close()
    expect([r.ready() for r in results], [False] * 4, 'ready() after close(), with the tasks held')
    go.set()
    pool.join()
    joined = time.time()
    check(all(r.ready() and r.successful() for r in results), 'a result is not ready after join()')
    last_end = max(r.get()[1] for r in results)
    check(joined >= last_end - 0.02, f'join() returned {last_end - joined:.3f} s before the last task ended')


if __name__ == '__main__':
    main(body)
