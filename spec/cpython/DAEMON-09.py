"""DAEMON-09: non-daemonic children of a SIGKILLed parent run on to completion, orphaned."""
import os
import signal
import subprocess
import sys
import tempfile
import time

from _probe import become_subreaper, check, expect, kill_quietly, main, reap_all, spawn, wait_until


def worker(path):
    time.sleep(0.5)
    open(path, 'w').close()  # the work, done after the parent was killed


def parent(path):
    p = spawn().Process(target=worker, args=(path,))
    p.start()
    print(p.pid, flush=True)
    time.sleep(30)


def body():
    become_subreaper()  # adopt the orphan so that this probe can reap it
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'done')
        parent_proc = subprocess.Popen([sys.executable, sys.argv[0], 'parent', path], stdout=subprocess.PIPE, text=True)
        child = int(parent_proc.stdout.readline())
        try:
            parent_proc.send_signal(signal.SIGKILL)
            parent_proc.wait()
            check(not os.path.exists(path), 'the child finished before its parent was killed; probe too slow')
            wait_until(lambda: os.path.exists(path), what='the orphaned child finishing its work')
            _, status = os.waitpid(child, 0)
            expect(os.waitstatus_to_exitcode(status), 0, "the orphan's exit status")
        finally:
            kill_quietly(child)
            parent_proc.stdout.close()
            reap_all()


if __name__ == '__main__':
    if sys.argv[1:2] == ['parent']:
        parent(sys.argv[2])
    else:
        main(body)
