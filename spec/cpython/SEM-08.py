"""SEM-08: at most `value` processes hold a Semaphore(value) at any instant."""
import time

from _probe import expect, main, spawn

VALUE = 2
PROCESSES = 4
ROUNDS = 3
HOLD = 0.05


def work(sem, inside, peak):
    for _ in range(ROUNDS):
        with sem:
            with inside.get_lock():
                inside.value += 1
                peak.value = max(peak.value, inside.value)
            time.sleep(HOLD)
            with inside.get_lock():
                inside.value -= 1


def body():
    mp = spawn()
    sem = mp.Semaphore(VALUE)
    inside, peak = mp.Value('i', 0), mp.Value('i', 0)
    procs = [mp.Process(target=work, args=(sem, inside, peak)) for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        expect(p.exitcode, 0, 'exitcode of a worker')
    expect(peak.value, VALUE, f'peak number of holders of Semaphore({VALUE}) among {PROCESSES} processes')


if __name__ == '__main__':
    main(body)
