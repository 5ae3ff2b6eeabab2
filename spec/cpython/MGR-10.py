"""MGR-10: a child that starts a manager and returns normally leaves no server behind (a finalizer shuts it down at
exit); a child that is killed leaves its server running, an orphan."""
import os
import signal

from _probe import become_subreaper, check, expect, kill_quietly, main, pid_running, recv, spawn


def start_manager(conn, wait):
    m = spawn().Manager()
    conn.send(m._process.pid)
    if wait:
        conn.recv()  # killed while waiting here


def body():
    become_subreaper()
    mp = spawn()
    mine, theirs = mp.Pipe()
    p = mp.Process(target=start_manager, args=(theirs, False))
    p.start()
    server = recv(mine)
    p.join()
    expect(p.exitcode, 0, 'exit code of the child that returned')
    check(not pid_running(server), 'the server of a child that returned normally still runs')
    p = mp.Process(target=start_manager, args=(theirs, True))
    p.start()
    server = recv(mine)
    os.kill(p.pid, signal.SIGKILL)
    p.join()
    try:
        check(pid_running(server), 'the server of a killed child stopped')
    finally:
        kill_quietly(server)
        os.waitpid(server, 0)  # the orphan is this subreaper's child now


if __name__ == '__main__':
    main(body)
