"""PROC-29: under spawn, a target, subclass field or argument that cannot be pickled fails in start(), in the parent."""
import pickle
import threading

from _probe import check, expect, main, raises, spawn

SPAWN = spawn()


class Holder(SPAWN.Process):
    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()


def noop(*args):
    pass


def body():
    cases = {
        'lambda target': (SPAWN.Process(target=lambda: None), "Can't pickle local object"),
        'unpicklable argument': (SPAWN.Process(target=noop, args=(threading.Lock(),)), "cannot pickle '_thread.lock'"),
        'unpicklable field': (Holder(), "cannot pickle '_thread.lock'"),
    }
    for label, (p, message) in cases.items():
        e = raises((pickle.PicklingError, AttributeError, TypeError), p.start)
        check(message in str(e), f'{label}: start() raised {type(e).__name__}({e}); expected "{message}"')
        expect(p.pid, None, f'{label}: pid after the failed start()')
        expect(p.is_alive(), False, f'{label}: is_alive() after the failed start()')
    expect(SPAWN.active_children(), [], 'children after the failed starts')


if __name__ == '__main__':
    main(body)
