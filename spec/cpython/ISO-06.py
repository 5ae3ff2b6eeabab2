"""ISO-06: a child inherits the parent's environment variables and working directory."""
import os
import tempfile

from _probe import expect, main, recv, spawn


def report(conn):
    conn.send((dict(os.environ), os.getcwd()))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.environ['MPKIT_PROBE'] = 'set by the parent'
        os.chdir(folder)
        try:
            p = mp.Process(target=report, args=(w,))
            p.start()
            env, cwd = recv(r)
            p.join()
            expect(env.get('MPKIT_PROBE'), 'set by the parent', 'variable set by the parent before start()')
            expect(env, dict(os.environ), "the child's environment")
            expect(cwd, os.getcwd(), "the child's working directory")
        finally:
            os.chdir(before)


if __name__ == '__main__':
    main(body)
