"""PIPE-02: Pipe(duplex=False) returns (reader, writer): the first end only receives, the second only sends."""
from _probe import expect, main, recv, spawn


def write(w):
    w.send('from the writer')


def body():
    mp = spawn()
    reader, writer = mp.Pipe(duplex=False)
    expect((reader.readable, reader.writable), (True, False), '(readable, writable) of the first end')
    expect((writer.readable, writer.writable), (False, True), '(readable, writable) of the second end')
    writer.send('hello')
    expect(recv(reader), 'hello', 'what the reader received')
    p = mp.Process(target=write, args=(writer,))
    p.start()
    expect(recv(reader), 'from the writer', 'what the reader received from a child holding the writer')
    p.join()
    expect(p.exitcode, 0, "the child's exitcode")


if __name__ == '__main__':
    main(body)
