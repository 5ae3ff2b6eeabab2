"""LOCK-11: a thread blocked 2 s in acquire() sleeps in the kernel: little CPU, few wake-ups."""
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


def wait_for(lock, conn):
    conn.send('waiting')
    cpu, switches, began = cpu_seconds(), voluntary_switches(), time.monotonic()
    lock.acquire()  # blocks until the parent releases, BLOCKED seconds later
    waited = time.monotonic() - began
    conn.send((waited, cpu_seconds() - cpu, voluntary_switches() - switches))
    lock.release()


def body():
    mp = spawn()
    lock = mp.Lock()
    lock.acquire()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=wait_for, args=(lock, w))
    p.start()
    expect(recv(r), 'waiting', 'first message from the child')
    time.sleep(BLOCKED)
    lock.release()
    waited, cpu, wakeups = recv(r)
    p.join()
    check(waited >= BLOCKED - 0.1, f'the child waited only {waited:.3f} s')
    check(cpu < MAX_CPU, f'the waiting thread used {cpu * 1000:.1f} ms of CPU in {waited:.2f} s; limit {MAX_CPU * 1000:.0f} ms')
    check(wakeups <= MAX_WAKEUPS, f'the waiting thread woke {wakeups} times in {waited:.2f} s; limit {MAX_WAKEUPS}')
    print(f'[LOCK-11] blocked {waited:.2f} s: {cpu * 1000:.1f} ms CPU, {wakeups} voluntary context switches')


if __name__ == '__main__':
    main(body)
