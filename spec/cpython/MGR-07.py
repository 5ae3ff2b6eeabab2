"""MGR-07 (deviation on where): a multiprocessing Queue, JoinableQueue, SimpleQueue, Lock, RLock, Semaphore or
BoundedSemaphore as a pool task argument: apply_async returns normally and get() raises RuntimeError('<Type> objects
should only be shared between processes through inheritance') with no cause; map raises it itself; nothing runs and
the pool stays usable."""
import gc

from _probe import expect, main, raises, spawn

COUNT = None


def keep(count):
    global COUNT
    COUNT = count


def use(obj):
    with COUNT.get_lock():
        COUNT.value += 1
    return 'ran'


def body():
    mp = spawn()
    count = mp.Value('i', 0)
    with mp.Pool(1, initializer=keep, initargs=(count,)) as pool:
        for make in (mp.Queue, mp.JoinableQueue, mp.SimpleQueue, mp.Lock, mp.RLock, mp.Semaphore,
                     mp.BoundedSemaphore):
            obj = make()
            message = f'{type(obj).__name__} objects should only be shared between processes through inheritance'
            r = pool.apply_async(use, (obj,))
            e = raises(RuntimeError, r.get, timeout=10)
            expect((str(e), e.__cause__), (message, None), f'get() of a task given a {make.__name__}')
            expect(str(raises(RuntimeError, pool.map, use, [obj])), message, f'map over a {make.__name__}')
            if hasattr(obj, 'join_thread'):
                obj.close()
                obj.join_thread()
        expect(count.value, 0, 'tasks that ran')
        expect(pool.apply(use, (None,)), 'ran', 'apply afterwards')
    pool.join()
    gc.collect()


if __name__ == '__main__':
    main(body)
