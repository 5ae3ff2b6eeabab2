"""PROC-02: an overridden run() is what the child runs, with the subclass's fields; a target given too is ignored."""
from _probe import expect, main, raises, recv, spawn

SPAWN = spawn()


class Greeter(SPAWN.Process):
    def __init__(self, conn, word, **kwargs):
        super().__init__(**kwargs)
        self.conn = conn
        self.word = word

    def run(self):
        self.conn.send(('run', self.word))
        self.conn.close()


def target(conn):
    conn.send(('target',))


def body():
    r, w = SPAWN.Pipe(duplex=False)
    p = Greeter(w, 'hello', target=target, args=(w,))
    p.word = 'changed before start'
    p.start()
    w.close()
    expect(recv(r), ('run', 'changed before start'), 'first message from the child')
    p.join()
    expect(p.exitcode, 0, 'exitcode')
    raises(EOFError, r.recv)  # the target never ran: nothing else was sent


if __name__ == '__main__':
    main(body)
