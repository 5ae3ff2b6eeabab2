"""PROC-14: sys.exit(n) in the child gives exit code n; the OS keeps the low 8 bits."""
import os
import sys

from _probe import expect, main, spawn

CASES = [(sys.exit, 3, 3), (sys.exit, -1, 255), (sys.exit, 256, 0), (sys.exit, 0, 0), (os._exit, 7, 7)]


def body():
    mp = spawn()
    procs = [mp.Process(target=fn, args=(n,)) for fn, n, _ in CASES]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    expect([p.exitcode for p in procs], [code for _, _, code in CASES],
           'exitcodes of sys.exit(3), sys.exit(-1), sys.exit(256), sys.exit(0), os._exit(7)')


if __name__ == '__main__':
    main(body)
