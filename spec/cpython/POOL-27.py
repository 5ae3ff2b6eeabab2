"""POOL-27: leaving `with Pool() as p:` calls terminate(), not close() and join(): it returns at once with a task
running, the task never completes its side effect, its result stays not ready, and no worker is alive afterwards."""
import multiprocessing
import os
import tempfile
import time

from _probe import check, expect, main, pid_running, raises, spawn, wait_until


def slow_write(path, started):
    open(started, 'w').close()
    time.sleep(5.0)
    with open(path, 'w') as f:
        f.write('done')


def body():
    mp = spawn()
    with tempfile.TemporaryDirectory() as tmp:
        path, started = os.path.join(tmp, 'effect'), os.path.join(tmp, 'started')
        with mp.Pool(1) as pool:
            workers = [p.pid for p in pool._pool]
            r = pool.apply_async(slow_write, (path, started))
            wait_until(lambda: os.path.exists(started), what='the task started')
            began = time.monotonic()
        check(time.monotonic() - began < 4.0, f'leaving the with block took {time.monotonic() - began:.3f} s')
        check(not any(pid_running(pid) for pid in workers), 'a worker is alive after the with block')
        check(not os.path.exists(path), "the running task's side effect happened")
        expect(r.ready(), False, 'ready() of the discarded result')
        raises(multiprocessing.TimeoutError, r.get, timeout=0.1)
        pool.join()


if __name__ == '__main__':
    main(body)
