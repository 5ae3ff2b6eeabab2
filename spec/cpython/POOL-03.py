"""POOL-03: maxtasksperchild of 0 or -1 raises ValueError('maxtasksperchild must be a positive int or None') and
starts nothing."""
from _probe import expect, main, raises, spawn


def body():
    mp = spawn()
    for k in (0, -1):
        expect(str(raises(ValueError, mp.Pool, 1, maxtasksperchild=k)),
               'maxtasksperchild must be a positive int or None', f'Pool(1, maxtasksperchild={k})')
    expect(mp.active_children(), [], 'children after the refused pools')


if __name__ == '__main__':
    main(body)
