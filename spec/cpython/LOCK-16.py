"""LOCK-16: a lock passed to a child as an argument or a Process subclass's field is the same lock there."""
from _probe import check, expect, main, spawn

SPAWN = spawn()


def hold_until_told(lock, held, go):
    lock.acquire()
    held.set()
    go.wait(10)
    lock.release()


def via_grandchild(lock, held, go):
    g = SPAWN.Process(target=hold_until_told, args=(lock, held, go))  # passed on again, by a child
    g.start()
    g.join()


class Holder(SPAWN.Process):
    def __init__(self, lock, held, go):
        super().__init__()
        self.lock, self.held, self.go = lock, held, go

    def run(self):
        hold_until_told(self.lock, self.held, self.go)


def body():
    routes = (
        ('an argument', lambda lock, held, go: SPAWN.Process(target=hold_until_told, args=(lock, held, go))),
        ("a Process subclass's field", Holder),
        ("a child's argument, passed on to a grandchild",
         lambda lock, held, go: SPAWN.Process(target=via_grandchild, args=(lock, held, go))),
    )
    for make in (SPAWN.Lock, SPAWN.RLock):
        for route, process in routes:
            lock, held, go = make(), SPAWN.Event(), SPAWN.Event()
            kind = type(lock).__name__
            p = process(lock, held, go)
            p.start()
            check(held.wait(10), f'the {kind} never reached the process through {route}')
            expect(lock.acquire(False), False, f"the parent's acquire(False) while a {kind} passed as {route} is held there")
            go.set()
            expect(lock.acquire(timeout=10), True, f"the parent's acquire() once it was released there ({kind}, {route})")
            lock.release()
            p.join()


if __name__ == '__main__':
    main(body)
