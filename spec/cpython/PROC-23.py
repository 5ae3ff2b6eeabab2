"""PROC-23: cpu_count() is the machine's number of CPUs (os.cpu_count()), at least 1."""
import os

from _probe import check, expect, main, spawn


def body():
    n = spawn().cpu_count()
    expect(type(n), int, 'type of cpu_count()')
    check(n >= 1, f'cpu_count() was {n}')
    expect(n, os.cpu_count(), 'cpu_count() versus os.cpu_count()')


if __name__ == '__main__':
    main(body)
