"""JOIN-08: start-then-join in a loop runs the children one after another (tutorial 004, "join的作用")."""
import time

from _probe import check, main, recv, spawn


def f(conn, name):
    began = time.time()
    time.sleep(0.15)  # the tutorial's time.sleep(5), shortened
    conn.send((name, began, time.time()))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    runs = []
    for name in ('bob', 'lis', 'amy'):
        p = mp.Process(target=f, args=(w, name))
        p.start()
        p.join()
        runs.append(recv(r))
    for (a, _, a_end), (b, b_begin, _) in zip(runs, runs[1:]):
        check(a_end <= b_begin, f'{b} began before {a} had finished')


if __name__ == '__main__':
    main(body)
