"""PROC-22: close() is refused while the child runs; after close() every operation but name raises ValueError."""
from _probe import check, expect, main, raises, spawn


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,), name='closable')
    p.start()
    e = raises(ValueError, p.close)
    check('still running' in str(e), f'close() while running: unexpected message {e}')
    release.set()
    p.join()
    p.close()
    operations = {
        'start': p.start, 'join': p.join, 'join(1)': lambda: p.join(1), 'terminate': p.terminate,
        'kill': p.kill, 'is_alive': p.is_alive, 'exitcode': lambda: p.exitcode, 'pid': lambda: p.pid,
    }
    for label, op in operations.items():
        expect(str(raises(ValueError, op)), 'process object is closed', f'{label} after close()')
    expect(p.name, 'closable', 'name after close()')
    check(repr(p).endswith(' closed>'), f'repr after close(): {p!r}')
    p.close()  # closing again is harmless
    never_started = mp.Process()
    never_started.close()


if __name__ == '__main__':
    main(body)
