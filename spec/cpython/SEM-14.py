"""SEM-14: the tutorial's producer-consumer with module-level semaphores works under fork, where the children
inherit them, and under spawn prints only two producer lines, because each child creates its own."""
import multiprocessing
import os
import subprocess
import sys
import time

if __name__ == '__main__' and len(sys.argv) > 1:
    multiprocessing.set_start_method(sys.argv[1])  # before the tutorial's module-level objects are made

# The tutorial (seed 002), as written, except for the length of its sleep and its endless join() at the end.
from multiprocessing import Process, Semaphore, Lock, Queue  # noqa: E402

STEP = 0.05  # the tutorial sleeps 1 s

buffer = Queue(10)
empty = Semaphore(2)
full = Semaphore(0)
lock = Lock()


class Consumer(Process):

    def run(self):
        global buffer, empty, full, lock
        while True:
            full.acquire()
            lock.acquire()
            buffer.get()
            print('Consumer pop an element')
            time.sleep(STEP)
            lock.release()
            empty.release()


class Producer(Process):
    def run(self):
        global buffer, empty, full, lock
        while True:
            empty.acquire()
            lock.acquire()
            buffer.put(1)
            print('Producer append an element')
            time.sleep(STEP)
            lock.release()
            full.release()


def tutorial():
    p = Producer()
    c = Consumer()
    p.daemon = c.daemon = True
    p.start()
    c.start()
    time.sleep(RUN)  # the tutorial joins forever; its daemonic children are terminated when this process exits


RUN = 0.8  # seconds: 16 steps when the program works

from _probe import check, expect, main  # noqa: E402


def body():
    env = dict(os.environ, PYTHONUNBUFFERED='1')  # every line reaches the pipe as it is printed
    runs = {method: subprocess.Popen([sys.executable, sys.argv[0], method], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env=env)
            for method in ('fork', 'spawn')}
    out = {method: run.communicate(timeout=20)[0].splitlines() for method, run in runs.items()}
    spawned = out['spawn']
    expect(spawned, ['Producer append an element'] * 2, 'output under spawn ("only two producer lines")')
    forked = out['fork']
    in_buffer = 0
    for line in forked:
        in_buffer += 1 if line.startswith('Producer') else -1
        check(0 <= in_buffer <= 2, f'under fork the buffer went to {in_buffer}: {forked}')
    check(forked.count('Consumer pop an element') >= 4, f'under fork the consumer took fewer than 4 items: {forked}')


if __name__ == '__main__':
    if len(sys.argv) > 1:
        tutorial()
    else:
        main(body)
