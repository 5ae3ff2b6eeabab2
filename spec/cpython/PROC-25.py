"""PROC-25: current_process() in the main process is MainProcess with the interpreter's own pid."""
import os

from _probe import expect, main, spawn


def body():
    me = spawn().current_process()
    expect(me.name, 'MainProcess', 'name')
    expect(me.pid, os.getpid(), 'pid')
    expect(me.daemon, False, 'daemon')
    expect(me.is_alive(), True, 'is_alive()')
    expect(me.exitcode, None, 'exitcode')


if __name__ == '__main__':
    main(body)
