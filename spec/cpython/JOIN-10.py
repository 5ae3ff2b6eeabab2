"""JOIN-10: everything a child printed, even block-buffered, has been written before join() returns."""
import os

from _probe import check, fd_captured, main, spawn


def f(name):
    print('hello', name)  # stdout is a file, so block-buffered: flushed only when the child exits


def body():
    os.environ.pop('PYTHONUNBUFFERED', None)  # children inherit the environment
    with fd_captured(1) as stdout:
        p = spawn().Process(target=f, args=('bob',))
        p.start()
        p.join()
        os.write(1, b'after join\n')
        out = stdout()
    check(out == 'hello bob\nafter join\n', f'output {out!r}: the child\'s line must come before "after join"')


if __name__ == '__main__':
    main(body)
