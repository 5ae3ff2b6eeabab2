"""PIPE-11: poll(timeout) returns False no earlier than the timeout, at once for zero or a negative timeout, and
True promptly once another process sends."""
import time

from _probe import WAIT, check, expect, main, spawn


def send_later(w, delay):
    time.sleep(delay)
    w.send('late')


def timed(fn, *args):
    began = time.monotonic()
    result = fn(*args)
    return result, time.monotonic() - began


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    result, took = timed(r.poll, 0.3)
    expect(result, False, 'poll(0.3) with nothing sent')
    check(took >= 0.3, f'poll(0.3) returned False after {took:.4f} s')
    for timeout in (0, 0.0, -1):
        result, took = timed(r.poll, timeout)
        expect(result, False, f'poll({timeout})')
        check(took < 0.1, f'poll({timeout}) took {took:.3f} s')
    p = mp.Process(target=send_later, args=(w, 0.3))
    p.start()
    result, took = timed(r.poll, WAIT)
    expect(result, True, f'poll({WAIT}) while a child sends after 0.3 s')
    check(took < WAIT - 1, f'poll({WAIT}) took {took:.3f} s')
    expect(r.recv(), 'late', 'the message')
    p.join()


if __name__ == '__main__':
    main(body)
