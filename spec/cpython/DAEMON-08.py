"""DAEMON-08 (recorded deviation): CPython leaves daemonic children of a SIGKILLed parent running, orphaned."""
import os
import signal
import subprocess
import sys
import tempfile
import time

from _probe import (become_subreaper, check, kill_quietly, main, pid_running, reap_all, spawn, wait_until)


def heartbeat(path):
    for _ in range(80):
        with open(path, 'a') as f:
            f.write('.')
        time.sleep(0.05)


def parent(path, daemon):
    p = spawn().Process(target=heartbeat, args=(path,), daemon=daemon)
    p.start()
    print(p.pid, flush=True)
    time.sleep(30)


def beats(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


def orphan_survives_sigkill_of_parent(daemon):
    become_subreaper()  # adopt the orphans so that this probe can reap them
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'beats')
        parent_proc = subprocess.Popen([sys.executable, sys.argv[0], 'parent', path, str(daemon)],
                                       stdout=subprocess.PIPE, text=True)
        child = int(parent_proc.stdout.readline())
        try:
            wait_until(lambda: beats(path) > 0, what='the first heartbeat')
            parent_proc.send_signal(signal.SIGKILL)
            parent_proc.wait()
            killed, at_kill = time.monotonic(), beats(path)
            time.sleep(0.6)
            check(pid_running(child), 'the child died with its SIGKILLed parent')
            check(beats(path) > at_kill, 'the child stopped working after its parent was SIGKILLed')
            with open(f'/proc/{child}/stat') as f:
                check(int(f.read().rsplit(')', 1)[1].split()[1]) == os.getpid(), 'the orphan was not reparented')
            return killed
        finally:
            kill_quietly(child)
            parent_proc.stdout.close()
            reap_all()


def body():
    orphan_survives_sigkill_of_parent(daemon=True)


if __name__ == '__main__':
    if sys.argv[1:2] == ['parent']:
        parent(sys.argv[2], sys.argv[3] == 'True')
    else:
        main(body)
