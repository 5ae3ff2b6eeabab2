"""SEM-01: a new semaphore holds its initial value in permits; Semaphore(0) is allowed."""
from _probe import expect, main, spawn


def body():
    mp = spawn()
    expect(mp.Semaphore().get_value(), 1, 'Semaphore().get_value() (the Python default)')
    for make in (mp.Semaphore, mp.BoundedSemaphore):
        for value in (0, 1, 3):
            sem = make(value)
            kind = f'{type(sem).__name__}({value})'
            expect(sem.get_value(), value, f'{kind}.get_value()')
            expect([sem.acquire(False) for _ in range(value + 1)], [True] * value + [False],
                   f'{value + 1} acquire(False) calls on {kind}')
    expect(mp.BoundedSemaphore(2)._semlock.maxvalue, 2, 'the bound of BoundedSemaphore(2)')


if __name__ == '__main__':
    main(body)
