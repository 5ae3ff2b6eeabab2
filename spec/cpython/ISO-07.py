"""ISO-07: a child that crashes (os._exit, SIGSEGV, MemoryError) does not harm the parent or its siblings."""
import ctypes
import os
import resource
import signal

from _probe import check, expect, fd_captured, main, spawn

STATE = {'parent': 'intact'}


def hard_exit():
    os._exit(7)


def segfault():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file left behind
    ctypes.string_at(0)


def out_of_memory():
    bytearray(1 << 60)


def sibling(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    survivor = mp.Process(target=sibling, args=(release,))
    survivor.start()
    with fd_captured(2) as stderr:
        crashers = [mp.Process(target=fn) for fn in (hard_exit, segfault, out_of_memory)]
        for p in crashers:
            p.start()
        for p in crashers:
            p.join()
        check('MemoryError' in stderr(), 'no MemoryError traceback on the crashed child\'s stderr')
    expect([p.exitcode for p in crashers], [7, -signal.SIGSEGV, 1], 'exitcodes of os._exit(7), SIGSEGV, MemoryError')
    expect(survivor.is_alive(), True, 'a sibling while the others crashed')
    release.set()
    survivor.join()
    expect(survivor.exitcode, 0, "the sibling's exitcode")
    expect(STATE, {'parent': 'intact'}, "the parent's state")


if __name__ == '__main__':
    main(body)
