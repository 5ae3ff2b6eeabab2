"""POOL-31 (deviation): an initializer that raises kills each worker with exit code 1, and the pool respawns workers
endlessly while results never arrive: get(timeout) raises TimeoutError; terminate() still works."""
import multiprocessing

from _probe import check, fd_captured, main, raises, spawn, wait_until


def init():
    raise RuntimeError('init failed')


def sqr(x):
    return x * x


def body():
    mp = spawn()
    with fd_captured(2) as stderr:
        pool = mp.Pool(1, initializer=init)
        r = pool.apply_async(sqr, (3,))
        seen = set()

        def respawned():
            for w in list(pool._pool):
                if w.pid and w.pid not in seen:
                    seen.add(w.pid)
            return len(seen) >= 3

        wait_until(respawned, what='three workers started one after another')
        raises(multiprocessing.TimeoutError, r.get, timeout=0.2)
        wait_until(lambda: 'RuntimeError: init failed' in stderr(), what="a dead worker's traceback")
        pool.terminate()
        pool.join()
    check(not r.ready(), 'the result became ready')


if __name__ == '__main__':
    main(body)
