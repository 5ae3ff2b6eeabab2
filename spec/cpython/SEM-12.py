"""SEM-12: a thread blocked 2 s in acquire(timeout=2) on a semaphore at 0 sleeps in the kernel: little CPU, few wake-ups."""
import resource
import time

from _probe import check, expect, main, recv, spawn

BLOCKED = 2.0
MAX_CPU = 0.100  # seconds of CPU time of the waiting thread
MAX_WAKEUPS = 100  # voluntary context switches of the waiting thread


def voluntary_switches():
    with open('/proc/thread-self/status') as f:
        for line in f:
            if line.startswith('voluntary_ctxt_switches:'):
                return int(line.split()[1])
    raise RuntimeError('no voluntary_ctxt_switches in /proc/thread-self/status')


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_THREAD)
    return usage.ru_utime + usage.ru_stime


def wait_for(sem, conn):
    cpu, switches, began = cpu_seconds(), voluntary_switches(), time.monotonic()
    acquired = sem.acquire(timeout=BLOCKED)  # nobody releases: returns False after BLOCKED seconds
    waited = time.monotonic() - began
    conn.send((acquired, waited, cpu_seconds() - cpu, voluntary_switches() - switches))


def body():
    mp = spawn()
    sem = mp.Semaphore(0)
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=wait_for, args=(sem, w))
    p.start()
    acquired, waited, cpu, wakeups = recv(r)
    p.join()
    expect(acquired, False, f'acquire(timeout={BLOCKED}) on Semaphore(0) that nobody released')
    check(waited >= BLOCKED - 0.1, f'the child waited only {waited:.3f} s')
    check(cpu < MAX_CPU, f'the waiting thread used {cpu * 1000:.1f} ms of CPU in {waited:.2f} s; limit {MAX_CPU * 1000:.0f} ms')
    check(wakeups <= MAX_WAKEUPS, f'the waiting thread woke {wakeups} times in {waited:.2f} s; limit {MAX_WAKEUPS}')
    print(f'[SEM-12] blocked {waited:.2f} s: {cpu * 1000:.1f} ms CPU, {wakeups} voluntary context switches')


if __name__ == '__main__':
    main(body)
