"""JOIN-09: start all, then join all, runs the children at the same time (tutorial 004, "基本使用")."""
import threading
import time

from _probe import check, main, recv, spawn


def f(conn, everyone, name):
    began = time.time()
    try:
        everyone.wait(10)  # the tutorial's time.sleep(5), replaced by "until all have begun"
    except threading.BrokenBarrierError:
        pass               # a child that waited alone for 10 s: the check below fails
    conn.send((name, began, time.time()))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    everyone = mp.Barrier(3)
    procs = [mp.Process(target=f, args=(w, everyone, name)) for name in ('bob', 'lis', 'amy')]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    runs = [recv(r) for _ in procs]
    latest_begin = max(began for _, began, _ in runs)
    earliest_end = min(ended for _, _, ended in runs)
    check(latest_begin < earliest_end, f'the children did not all run at one instant: {runs}')


if __name__ == '__main__':
    main(body)
