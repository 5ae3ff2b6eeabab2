"""POOL-26 (deviation on results): terminate() with a task running and more queued returns promptly, join() then
returns and no worker is alive, the running task never completes its side effect, and the results stay not ready:
get(timeout) raises TimeoutError."""
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
        pool = mp.Pool(1)
        workers = [p.pid for p in pool._pool]
        running = pool.apply_async(slow_write, (path, started))
        queued = pool.map_async(slow_write, [(path, started)] * 3)
        wait_until(lambda: os.path.exists(started), what='the task started')
        began = time.monotonic()
        pool.terminate()
        pool.join()
        check(time.monotonic() - began < 4.0, f'terminate() and join() took {time.monotonic() - began:.3f} s')
        check(not any(pid_running(pid) for pid in workers), 'a worker is alive after terminate() and join()')
        check(not os.path.exists(path), "the running task's side effect happened")
        expect((running.ready(), queued.ready()), (False, False), 'ready() of the discarded results')
        raises(multiprocessing.TimeoutError, running.get, timeout=0.1)
        raises(multiprocessing.TimeoutError, queued.get, timeout=0.1)


if __name__ == '__main__':
    main(body)
