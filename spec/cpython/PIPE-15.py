"""PIPE-15: end of stream needs every copy of the other end closed: a parent that keeps its copy of the end it
gave a spawn child sees no EOF after the child closed and exited, and EOF once it closes its copy. Under fork a child
inherits the parent's end too, and waits forever for EOF unless it closes that copy."""
import multiprocessing

from _probe import expect, main, raises


def close_and_exit(conn):
    conn.close()


def echo_until_eof(here, there, close_inherited):
    if close_inherited:
        here.close()
    try:
        while True:
            there.send(there.recv())
    except EOFError:
        pass


def body():
    mp = multiprocessing.get_context('spawn')
    for duplex in (True, False):
        parent_end, child_end = mp.Pipe(duplex=duplex)
        p = mp.Process(target=close_and_exit, args=(child_end,))
        p.start()
        p.join()
        expect(parent_end.poll(0.3), False, f'poll(0.3) while the parent keeps its copy (duplex={duplex})')
        child_end.close()
        raises(EOFError, parent_end.recv)
    fork = multiprocessing.get_context('fork')
    for close_inherited in (False, True):
        here, there = fork.Pipe()
        p = fork.Process(target=echo_until_eof, args=(here, there, close_inherited))
        p.start()
        there.close()
        here.send('x')
        expect(here.recv(), 'x', 'echo')
        here.close()
        p.join(0.3)
        expect(p.is_alive(), not close_inherited, f'fork child alive 0.3 s after the parent closed its end '
                                                  f'(child closed its inherited copy: {close_inherited})')
        p.kill()
        p.join()


if __name__ == '__main__':
    main(body)
