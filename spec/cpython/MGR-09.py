"""MGR-09: shutdown() stops the server process: it is no longer alive, has exit code 0, is gone from the OS and from
active_children(); a later call on one of its proxies raises a connection error (BrokenPipeError, EOFError or
another OSError, depending on timing); shutdown() again does nothing."""
from _probe import check, expect, main, pid_running, raises, spawn


def body():
    mp = spawn()
    m = mp.Manager()
    q = m.Queue()
    q.put('x')
    server = m._process
    m.shutdown()
    expect((server.is_alive(), server.exitcode), (False, 0), '(is_alive(), exitcode) after shutdown()')
    check(not pid_running(server.pid), 'the server pid still runs')
    check(server not in mp.active_children(), 'the server is still in active_children()')
    raises((OSError, EOFError), q.put, 'y')
    m.shutdown()
    m.__exit__(None, None, None)


if __name__ == '__main__':
    main(body)
