"""QUEUE-25: the tutorial's download-and-analyse pair (seed 003), with its 1 s pause and 2 s timeout scaled down to
0.05 s and 0.3 s: download() puts 0..9 with a pause between them, analysis() gets with a timeout until queue.Empty;
analysis got all ten, in order, and stopped; both exit 0. The probe starts analysis() once download() has put its
first item, so that a slow start of either child under load cannot exceed the timeout."""
import gc
from queue import Empty
from time import sleep

from _probe import expect, main, recv, spawn, wait_until


def download(q):
    for i in range(10):
        q.put(i)
        sleep(0.05)


def analysis(q, report):
    analysis_data = list()
    while True:
        try:
            data = q.get(timeout=0.3)
        except Empty:
            break
        analysis_data.append(data)
    report.send(analysis_data)


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
    report, report_in = mp.Pipe(duplex=False)
    p1 = mp.Process(target=download, args=(q,))
    p2 = mp.Process(target=analysis, args=(q, report_in))
    p1.start()
    wait_until(lambda: q.qsize() > 0, what='download() put its first item')
    p2.start()
    expect(recv(report), list(range(10)), 'what analysis() got before queue.Empty')
    p1.join()
    p2.join()
    expect((p1.exitcode, p2.exitcode), (0, 0), 'exitcodes of download() and analysis()')
    settle(q)


if __name__ == '__main__':
    main(body)
