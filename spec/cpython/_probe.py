"""Shared helpers for the CPython probes in this directory.

Each probe ``AREA-NN.py`` checks the CPython fact that the clause ``AREA-NN`` cites on its ``CPython:`` line.
It exits 0 when CPython behaves as the clause says and 1, with ``[AREA-NN] ...`` on stderr, when it does not.
Probes use the standard library only and the *spawn* start method unless the clause is about fork.

A probe whose first lines contain ``# probe: exclusive`` measures wall-clock time and is run alone by
``CpythonProbeTests``.
"""

import contextlib
import gc
import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time

CLAUSE = os.path.splitext(os.path.basename(sys.argv[0]))[0]
WAIT = 10.0  # seconds: generous upper bound for anything that should happen promptly


class ProbeFailure(Exception):
    """CPython did not behave as the clause's CPython line says."""


def spawn():
    """The spawn context: a fresh interpreter per child, the model closest to a child JVM."""
    return multiprocessing.get_context('spawn')


def check(condition, what):
    if not condition:
        raise ProbeFailure(what)


def expect(actual, expected, what):
    if actual != expected:
        raise ProbeFailure(f'{what}: expected {expected!r}, was {actual!r}')


def raises(exc_type, fn, *args, **kwargs):
    """Calls fn and returns the exception of type exc_type it raised; fails if it raised nothing."""
    try:
        fn(*args, **kwargs)
    except exc_type as e:
        return e
    raise ProbeFailure(f'{getattr(fn, "__name__", fn)}() raised nothing; expected {exc_type.__name__}')


def recv(conn, timeout=WAIT):
    """conn.recv() with a deadline, so a broken child fails the probe instead of hanging it."""
    check(conn.poll(timeout), f'nothing received from the child within {timeout} s')
    return conn.recv()


def wait_until(condition, timeout=WAIT, what='condition'):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise ProbeFailure(f'{what} did not hold within {timeout} s')
        time.sleep(0.01)


@contextlib.contextmanager
def fd_captured(fd):
    """Points file descriptor fd (1 or 2) at a temporary file, which children started meanwhile inherit.

    Yields a function that returns what was written so far.
    """
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as f:
        os.dup2(f.fileno(), fd)
        try:
            yield lambda: (os.fsync(f.fileno()), f.seek(0), f.read().decode())[-1]
        finally:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            os.dup2(saved, fd)
            os.close(saved)


def run_self(*args, timeout=WAIT, env=None):
    """Runs this probe again as `python3 PROBE args...`, capturing its output; for clauses about a parent's exit."""
    return subprocess.run([sys.executable, sys.argv[0], *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def become_subreaper():
    """Makes this process adopt orphaned descendants (Linux), so a probe can reap what it orphaned."""
    PR_SET_CHILD_SUBREAPER = 36
    libc = ctypes.CDLL(None, use_errno=True)
    check(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0, 'prctl(PR_SET_CHILD_SUBREAPER) failed')


def pid_running(pid):
    """Whether pid exists and is not a zombie."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except FileNotFoundError:
        return False


def reap_all(timeout=WAIT):
    """Waits for every remaining child of this process (adopted orphans included) to exit and reaps it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                raise ProbeFailure('descendants still running at the end of the probe')
            time.sleep(0.02)


def kill_quietly(pid, sig=signal.SIGKILL):
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def stop_resource_tracker():
    """Stops and reaps the resource tracker that spawn started, rather than leave it to outlive the probe."""
    from multiprocessing import resource_tracker
    stop = getattr(resource_tracker._resource_tracker, '_stop', None)
    if stop is not None:
        stop()


def main(body):
    """Runs the probe body in the main process; exit status 0 when CPython behaves as the clause says."""
    signal.alarm(45)  # a hung probe fails here rather than at the Java side's 60 s timeout
    try:
        body()
        gc.collect()  # a pool's reference cycles hold semaphores; free them while the resource tracker still runs
    except ProbeFailure as e:
        print(f'[{CLAUSE}] CPython {sys.version.split()[0]} differs from the clause: {e}', file=sys.stderr)
        sys.exit(1)
    finally:
        for p in multiprocessing.active_children():
            p.kill()
            p.join()
        stop_resource_tracker()
    print(f'[{CLAUSE}] ok: CPython {sys.version.split()[0]} behaves as the clause says')
