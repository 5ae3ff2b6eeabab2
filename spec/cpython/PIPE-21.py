"""PIPE-21: several processes send on copies of one end: the receiver gets every message, each sender's in its
order, none merged (small messages; CPython takes no lock, and large ones can interleave)."""
import multiprocessing

from _probe import expect, main, recv

SENDERS = 3
EACH = 200


def send_many(w, k):
    for i in range(EACH):
        w.send((k, i, 'x' * 100))


def body():
    for method in ('fork', 'spawn'):
        mp = multiprocessing.get_context(method)
        for duplex in (True, False):
            r, w = mp.Pipe(duplex=duplex)
            senders = [mp.Process(target=send_many, args=(w, k)) for k in range(SENDERS)]
            for p in senders:
                p.start()
            got = [recv(r) for _ in range(SENDERS * EACH)]
            for k in range(SENDERS):
                expect([i for s, i, _ in got if s == k], list(range(EACH)), f'sender {k}\'s messages, in order '
                                                                           f'({method}, duplex={duplex})')
            expect({len(pad) for _, _, pad in got}, {100}, 'padding of every message (none merged or split)')
            for p in senders:
                p.join()
            expect(r.poll(), False, 'poll() after all messages (no extra message)')


if __name__ == '__main__':
    main(body)
