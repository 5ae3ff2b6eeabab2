"""MGR-01: Manager() starts a server child named SyncManager-N, listed in active_children(), alive with its own pid.
CPython's server process is not daemonic: a finalizer shuts it down at exit instead."""
import os

from _probe import check, expect, main, spawn


def body():
    mp = spawn()
    m = mp.Manager()
    server = m._process
    check(server.name.startswith('SyncManager-'), f'server name {server.name!r}')
    check(server in mp.active_children(), 'the server is not in active_children()')
    check(server.is_alive() and server.pid != os.getpid(), 'the server is not a live process of its own')
    expect(server.daemon, False, 'daemon flag of the server process')
    m.shutdown()


if __name__ == '__main__':
    main(body)
