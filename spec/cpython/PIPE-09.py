"""PIPE-09: a 64 MiB message arrives intact on both kinds of pipe, from a spawn child."""
import hashlib

from _probe import expect, main, recv, spawn

SIZE = 64 * 1024 * 1024


def payload():
    return bytes(range(256)) * (SIZE // 256)


def send_big(w):
    w.send_bytes(payload())


def body():
    mp = spawn()
    expected = hashlib.sha256(payload()).hexdigest()
    for duplex in (True, False):
        r, w = mp.Pipe(duplex=duplex)
        p = mp.Process(target=send_big, args=(w,))
        p.start()
        r.poll(10)
        got = r.recv_bytes()
        expect(len(got), SIZE, f'length of the message received (duplex={duplex})')
        expect(hashlib.sha256(got).hexdigest(), expected, f'SHA-256 of the message received (duplex={duplex})')
        p.join()
        expect(p.exitcode, 0, "the child's exitcode")


if __name__ == '__main__':
    main(body)
