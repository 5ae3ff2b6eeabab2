"""PIPE-23: CPython lets a Connection travel through a pipe or a queue (the receiver gets a working copy, through
resource_sharer), where a provider may refuse it."""
from _probe import expect, main, recv, spawn


def use_sent_end(carrier, via_queue):
    conn = carrier.get(timeout=10) if via_queue else recv(carrier)
    conn.send('through the end I was sent')


def body():
    mp = spawn()
    for via_queue in (False, True):
        here, there = mp.Pipe()
        carrier_in, carrier_out = (mp.Queue(), None) if via_queue else mp.Pipe()
        p = mp.Process(target=use_sent_end, args=(carrier_in if via_queue else carrier_out, via_queue))
        p.start()
        if via_queue:
            carrier_in.put(there)
        else:
            carrier_in.send(there)
        expect(recv(here), 'through the end I was sent', f'message through a sent Connection (queue={via_queue})')
        p.join()
        expect(p.exitcode, 0, "the child's exitcode")
        if via_queue:  # let its feeder finish, so that no semaphore outlives the probe's resource tracker
            carrier_in.close()
            carrier_in.join_thread()


if __name__ == '__main__':
    main(body)
