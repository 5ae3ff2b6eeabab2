"""MGR-08: only holders of the key connect: a client with the manager's address and authkey connects and creates
objects in the same server; a wrong or empty key raises AuthenticationError('digest sent was rejected') in the client
(the server side raises 'digest received was wrong'), and the refused attempt changes nothing; but the key with a
zero byte appended is accepted, because HMAC pads short keys with zeros (MGR-08's deviation)."""
from multiprocessing import AuthenticationError
from multiprocessing.managers import SyncManager

from _probe import check, expect, main, raises, spawn


def body():
    mp = spawn()
    with mp.Manager() as m:
        q = m.Queue()
        q.put('kept')
        for key in (b'wrong key', b''):
            e = raises(AuthenticationError, SyncManager(address=m.address, authkey=key).connect)
            expect(str(e), 'digest sent was rejected', f'connect() with authkey={key!r}')
        padded = SyncManager(address=m.address, authkey=bytes(m._authkey) + b'\0')
        padded.connect()  # HMAC pads a short key with zero bytes: the key plus b'\0' is accepted (the deviation)
        expect(padded.Queue()._token.address, m.address, 'where a client with the key plus one zero byte creates')
        client = SyncManager(address=m.address, authkey=bytes(m._authkey))
        client.connect()
        other = client.Queue()
        expect(other._token.address, m.address, 'where the client creates its objects')
        other.put('from the client')
        expect(other.get(timeout=10), 'from the client', "the client's queue")
        expect((q.qsize(), q.get(timeout=10)), (1, 'kept'), 'the existing queue after the refused attempts')
        check(m._process.is_alive(), 'the server died')


if __name__ == '__main__':
    main(body)
