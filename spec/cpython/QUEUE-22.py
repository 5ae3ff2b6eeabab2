"""QUEUE-22: SimpleQueue.put() of an unpicklable item raises in the caller and enqueues nothing; after close() (which
may be called twice), put, get and empty raise OSError('handle is closed')."""
from _probe import expect, main, raises, spawn


class Unpicklable:
    def __reduce__(self):
        raise TypeError('nope, not picklable')


def body():
    q = spawn().SimpleQueue()
    expect(str(raises(TypeError, q.put, Unpicklable())), 'nope, not picklable', 'put(Unpicklable())')
    expect(q.empty(), True, 'empty() after the refused put')
    q.put('ok')
    expect(q.get(), 'ok', 'an item put afterwards')
    q.close()
    q.close()
    for name, call in (('put', lambda: q.put(1)), ('get', q.get), ('empty', q.empty)):
        expect(str(raises(OSError, call)), 'handle is closed', f'{name} after close()')


if __name__ == '__main__':
    main(body)
