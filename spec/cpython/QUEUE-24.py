"""QUEUE-24: a 64 MiB bytes item arrives intact through a Queue from a spawn child."""
import gc
import hashlib

from _probe import expect, main, spawn

SIZE = 64 * 1024 * 1024


def payload():
    return bytes(range(256)) * (SIZE // 256)


def put_big(q):
    q.put(payload())


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    q = mp.Queue()
    p = mp.Process(target=put_big, args=(q,))
    p.start()
    expected = hashlib.sha256(payload()).hexdigest()
    got = q.get(timeout=20)
    expect(len(got), SIZE, 'length of the item got')
    expect(hashlib.sha256(got).hexdigest(), expected, 'SHA-256 of the item got')
    p.join()
    expect(p.exitcode, 0, "the child's exitcode")
    settle(q)


if __name__ == '__main__':
    main(body)
