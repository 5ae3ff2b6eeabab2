"""LOCK-01: a lock gives mutual exclusion across processes: no update of a shared counter is lost."""
import time

from _probe import expect, main, spawn

PROCESSES = 4
INCREMENTS = 1000


def work(lock, counter):
    for _ in range(INCREMENTS):
        with lock:
            v = counter.value  # read, yield the CPU, write: a lost update needs only two holders at once
            time.sleep(0)
            counter.value = v + 1


def body():
    mp = spawn()
    for make in (mp.Lock, mp.RLock):
        lock = make()
        counter = mp.Value('i', 0, lock=False)  # no lock of its own: only `lock` protects it
        procs = [mp.Process(target=work, args=(lock, counter)) for _ in range(PROCESSES)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
            expect(p.exitcode, 0, 'exitcode of a worker')
        expect(counter.value, PROCESSES * INCREMENTS, f'counter after {PROCESSES} processes x {INCREMENTS} '
                                                      f'increments under a {type(lock).__name__}')


if __name__ == '__main__':
    main(body)
