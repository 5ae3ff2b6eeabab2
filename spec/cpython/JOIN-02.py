"""JOIN-02: join() before start() raises AssertionError('can only join a started process')."""
from _probe import expect, main, raises, spawn


def body():
    p = spawn().Process()
    expect(str(raises(AssertionError, p.join)), 'can only join a started process', 'join() message')
    expect(str(raises(AssertionError, p.join, 1)), 'can only join a started process', 'join(1) message')


if __name__ == '__main__':
    main(body)
