"""POOL-07: apply_async returns at once with a result that is not ready, whose successful() raises
ValueError('<multiprocessing.pool.ApplyResult object at 0x...> not ready'); the tutorials' Pool(3) with four (or five)
apply_async calls starts three at once and the fourth only after one has ended; close() and join() then see all done."""
import re
import time

from _probe import check, expect, main, raises, spawn

BARRIER = GO = None


def keep(barrier, go):
    global BARRIER, GO
    BARRIER, GO = barrier, go


def function(index, meet):
    began = time.time()
    if meet:
        BARRIER.wait(10)  # the first three meet the parent here: all three have started
        GO.wait(10)  # and none ends before the parent lets them
    time.sleep(0.05)
    return index, began, time.time()


def body():
    mp = spawn()
    barrier, go = mp.Barrier(4), mp.Event()
    pool = mp.Pool(3, initializer=keep, initargs=(barrier, go))
    results = [pool.apply_async(function, (i, i < 3)) for i in range(4)]  # returns while no task can end
    barrier.wait(10)
    expect([r.ready() for r in results], [False] * 4, 'ready() while the tasks are held')
    message = str(raises(ValueError, results[0].successful))
    check(re.fullmatch(r'<multiprocessing\.pool\.ApplyResult object at 0x[0-9a-f]+> not ready', message),
          f'successful() before ready: {message!r}')
    extra = pool.apply_async(function, (4, False))  # tutorial 004 submits five
    go.set()
    pool.close()
    pool.join()
    check(all(r.ready() and r.successful() for r in results + [extra]), 'every result is ready after join()')
    runs = [r.get() for r in results]
    first_end = min(end for _, _, end in runs[:3])
    check(runs[3][1] >= first_end - 0.02, 'the fourth task started before any of the first three ended')


if __name__ == '__main__':
    main(body)
