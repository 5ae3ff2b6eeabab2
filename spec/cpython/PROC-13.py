"""PROC-13: an uncaught exception gives exit code 1 and prints its traceback on the child's stderr."""
from _probe import check, expect, fd_captured, main, spawn


def fails():
    raise ValueError('boom-marker')


def body():
    with fd_captured(2) as stderr:
        p = spawn().Process(target=fails, name='boomer')
        p.start()
        p.join()
        err = stderr()
    expect(p.exitcode, 1, 'exitcode after an uncaught exception')
    check('Process boomer:' in err, f'no "Process boomer:" header on the child\'s stderr: {err!r}')
    check('Traceback (most recent call last)' in err, f'no traceback on the child\'s stderr: {err!r}')
    check('ValueError: boom-marker' in err, f'exception not printed on the child\'s stderr: {err!r}')


if __name__ == '__main__':
    main(body)
