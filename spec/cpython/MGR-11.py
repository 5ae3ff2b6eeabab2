"""MGR-11: the manager listens on a Unix socket whose directory, from mkdtemp, has mode 0700 and belongs to the
user; the socket file itself has the umask's mode (0755 under umask 022), so the directory is what keeps others out."""
import os
import stat

from _probe import check, expect, main, spawn


def body():
    os.umask(0o022)
    mp = spawn()
    with mp.Manager() as m:
        address = m.address
        check(isinstance(address, str) and os.path.basename(address).startswith('listener-'), f'address {address!r}')
        directory = os.stat(os.path.dirname(address))
        expect(stat.S_IMODE(directory.st_mode), 0o700, 'mode of the socket directory')
        expect(directory.st_uid, os.getuid(), 'owner of the socket directory')
        check(os.path.basename(os.path.dirname(address)).startswith('pymp-'), f'directory of {address!r}')
        sock = os.stat(address)
        check(stat.S_ISSOCK(sock.st_mode), 'the address is not a socket')
        expect(stat.S_IMODE(sock.st_mode), 0o755, 'mode of the socket file')


if __name__ == '__main__':
    main(body)
