"""PIPE-18: send() of an object that cannot be pickled raises in the caller; nothing is sent; the connection stays
usable."""
import pickle

from _probe import check, expect, main, raises, spawn


class Unpicklable:
    def __reduce__(self):
        raise TypeError('nope, not picklable')


def body():
    a, b = spawn().Pipe()
    e = raises(TypeError, a.send, Unpicklable())
    expect(str(e), 'nope, not picklable', 'the error of send(Unpicklable())')
    e = raises(Exception, a.send, lambda: 1)
    check(isinstance(e, (AttributeError, pickle.PicklingError)), f'send(lambda) raised {e!r}')
    check("Can't pickle" in str(e), f'send(lambda) raised {e!r}')
    expect(b.poll(), False, 'poll() at the other end after the refused sends (nothing sent)')
    a.send('ok')
    expect(b.recv(), 'ok', 'a message sent afterwards')


if __name__ == '__main__':
    main(body)
