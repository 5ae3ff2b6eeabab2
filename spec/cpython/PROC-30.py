"""PROC-30: a child writes to the parent's stdout and stderr (the same file descriptors)."""
import sys

from _probe import check, fd_captured, main, spawn


def target():
    print('out-marker from the child')
    print('err-marker from the child', file=sys.stderr)


def body():
    with fd_captured(1) as stdout, fd_captured(2) as stderr:
        p = spawn().Process(target=target)
        p.start()
        p.join()
        out, err = stdout(), stderr()
    check('out-marker from the child' in out and 'err-marker' not in out, f"parent's stdout got {out!r}")
    check('err-marker from the child' in err and 'out-marker' not in err, f"parent's stderr got {err!r}")


if __name__ == '__main__':
    main(body)
