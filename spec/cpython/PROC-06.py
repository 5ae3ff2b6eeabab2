"""PROC-06: a child's own children are named Process-N:M, after the child's number, even if the child was named."""
import multiprocessing

from _probe import expect, main, recv


def grandchild(conn):
    conn.send(multiprocessing.current_process().name)


def child(conn):
    for _ in range(2):
        g = multiprocessing.Process(target=grandchild, args=(conn,))
        g.start()
        g.join()


def body():
    multiprocessing.set_start_method('spawn')
    r, w = multiprocessing.Pipe(duplex=False)
    first = multiprocessing.Process(target=child, args=(w,))                  # Process-1
    named = multiprocessing.Process(target=child, args=(w,), name='worker')  # number 2
    first.start()
    first.join()
    named.start()
    named.join()
    names = [recv(r) for _ in range(4)]
    expect(names, ['Process-1:1', 'Process-1:2', 'Process-2:1', 'Process-2:2'], "grandchildren's names")


if __name__ == '__main__':
    main(body)
