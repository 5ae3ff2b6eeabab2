"""POOL-02: Pool(0) and Pool(-1) raise ValueError('Number of processes must be at least 1') and start nothing."""
from _probe import expect, main, raises, spawn


def body():
    mp = spawn()
    for n in (0, -1):
        expect(str(raises(ValueError, mp.Pool, n)), 'Number of processes must be at least 1', f'Pool({n})')
    expect(mp.active_children(), [], 'children after the refused pools')


if __name__ == '__main__':
    main(body)
