"""POOL-05: workers are daemonic children named SpawnPoolWorker-N, listed in active_children(); a task runs in a
worker, not in the caller; after close() and join() no worker is alive or listed."""
import os

from _probe import check, expect, main, pid_running, spawn


def pid(_=None):
    return os.getpid()


def body():
    mp = spawn()
    pool = mp.Pool(2)
    children = [p for p in mp.active_children() if p.name.startswith('SpawnPoolWorker-')]
    expect(len(children), 2, 'pool workers in active_children()')
    check(all(p.daemon for p in children), 'every worker is daemonic')
    task_pid = pool.apply(pid)
    check(task_pid != os.getpid(), 'the task ran in the caller')
    check(task_pid in {p.pid for p in children}, f'task pid {task_pid} is not a listed worker')
    pool.close()
    pool.join()
    expect(mp.active_children(), [], 'active_children() after close() and join()')
    check(not any(pid_running(p.pid) for p in children), 'a worker is still running after join()')


if __name__ == '__main__':
    main(body)
