"""QUEUE-23: queues reach children as Process arguments; sent through a pipe they raise RuntimeError('Queue objects
should only be shared between processes through inheritance') in the caller (SimpleQueue, JoinableQueue likewise);
put into a Queue, the feeder thread prints that error and drops the item, and both queues stay usable."""
import gc
import queue

from _probe import check, expect, fd_captured, main, raises, spawn, wait_until


def put_one(q):
    q.put('from the child')


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    for make in (mp.Queue, mp.JoinableQueue, mp.SimpleQueue):
        q = make()
        p = mp.Process(target=put_one, args=(q,))
        p.start()
        expect(q.get(), 'from the child', f'an item a child put into a {make.__name__} passed as an argument')
        p.join()
        a, b = mp.Pipe()
        message = str(raises(RuntimeError, a.send, q))
        expect(message, f'{make.__name__} objects should only be shared between processes through inheritance',
               f'Connection.send of a {make.__name__}')
        expect(b.poll(), False, 'poll() after the refused send')
        carrier = mp.Queue()
        with fd_captured(2) as stderr:
            carrier.put(q)  # does not raise
            wait_until(lambda: 'through inheritance' in stderr(), what='the feeder\'s traceback')
            raises(queue.Empty, carrier.get, timeout=0.1)
            printed = stderr()
        check(f'RuntimeError: {message}' in printed, f'stderr: {printed!r}')
        carrier.put('ok')
        expect(carrier.get(timeout=10), 'ok', 'the carrier afterwards')
        q.put('still usable')
        expect(q.get(), 'still usable', f'the {make.__name__} afterwards')
        settle(carrier, *([q] if hasattr(q, 'join_thread') else []))


if __name__ == '__main__':
    main(body)
