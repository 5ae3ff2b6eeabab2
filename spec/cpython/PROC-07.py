"""PROC-07: a subclass's default name is its class name, then -N."""
import multiprocessing

from _probe import expect, main, recv


class Clock(multiprocessing.Process):
    def __init__(self, conn):
        super().__init__()
        self.conn = conn

    def run(self):
        self.conn.send(multiprocessing.current_process().name)


def body():
    multiprocessing.set_start_method('spawn')
    r, w = multiprocessing.Pipe(duplex=False)
    p = Clock(w)
    expect(p.name, 'Clock-1', 'default name of a subclass')
    expect(multiprocessing.Process().name, 'Process-2', 'the counter is shared with plain processes')
    p.start()
    expect(recv(r), 'Clock-1', "the child's current_process().name")
    p.join()


if __name__ == '__main__':
    main(body)
