"""POOL-23: close() returns at once; join() after it returns no earlier than the last task ends, with every result ready
and successful; close() twice does nothing."""
import time

from _probe import check, main, spawn


def work(x):
    time.sleep(0.1)
    return x, time.time()


def body():
    mp = spawn()
    pool = mp.Pool(2)
    results = [pool.apply_async(work, (i,)) for i in range(4)]
    began = time.monotonic()
    pool.close()
    pool.close()
    check(time.monotonic() - began < 0.5, f'close() took {time.monotonic() - began:.3f} s')
    pool.join()
    joined = time.time()
    check(all(r.ready() and r.successful() for r in results), 'a result is not ready after join()')
    last_end = max(r.get()[1] for r in results)
    check(joined >= last_end - 0.02, f'join() returned {last_end - joined:.3f} s before the last task ended')


if __name__ == '__main__':
    main(body)
