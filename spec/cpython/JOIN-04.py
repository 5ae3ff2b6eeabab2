"""JOIN-04: join(timeout) returns soon after the child exits, without waiting out the timeout."""
import time

from _probe import check, expect, main, recv, spawn


def target(conn):
    time.sleep(0.1)
    conn.send(time.time())  # just before returning


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=target, args=(w,))
    p.start()
    expect(p.join(10), None, 'join(10) result')
    returned = time.time()
    child_done = recv(r)
    check(returned - child_done < 1, f'join(10) returned {returned - child_done:.3f} s after the child finished')
    expect(p.exitcode, 0, 'exitcode after join(10)')


if __name__ == '__main__':
    main(body)
