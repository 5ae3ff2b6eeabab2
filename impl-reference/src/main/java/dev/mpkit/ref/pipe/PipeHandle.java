package dev.mpkit.ref.pipe;

import dev.mpkit.ref.os.KeeperAcks;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.PosixPipes;
import dev.mpkit.ref.sync.SyncPrimitives;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The serial form of a connection on its way to a starting child: where the child finds the pipes (the sender's
 * pid and its keeper descriptors) and how it tells the sender it has them (PIPE-20).
 */
/* Overview
 *
 * Java cannot hand a descriptor to a child JVM, so the sender keeps one for it. While the child's payload is
 * serialized, handOver() opens a keeper for each pipe of the end (open("/proc/self/fd/<n>"): a new open file
 * description of the same pipe, counted as one more reader or writer) and registers a Keeper with the start. The
 * child, reading this handle, opens /proc/<sender>/fd/<keeper> likewise, checks that it reached the same pipe
 * (inode), and acknowledges the token on the sender's KeeperAcks socket; the sender then closes the keepers. They
 * are also closed when the child ends, or when the start is abandoned. In between, each keeper holds the pipe
 * open, so the sender may close its own copy right after start() (PIPE-15: end of stream only once every copy is
 * closed, the child's included).
 *
 * A send-only end whose pipe has no reader left cannot be reopened (ENXIO): it travels, and arrives, broken, and
 * every send on it fails as the sender's would (PIPE-17).
 */
final class PipeHandle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long senderPid;
    private final long token;
    private final String ackSocket; // null if the sender could not bind one
    private final int readKeeper;
    private final long readInode;
    private final int writeKeeper;
    private final long writeInode;
    private final boolean readable;
    private final boolean writable;
    private final boolean twoWay;
    private final boolean broken;

    private PipeHandle(long senderPid, long token, String ackSocket, int readKeeper, long readInode, int writeKeeper,
            long writeInode, boolean readable, boolean writable, boolean twoWay, boolean broken) {
        this.senderPid = senderPid;
        this.token = token;
        this.ackSocket = ackSocket;
        this.readKeeper = readKeeper;
        this.readInode = readInode;
        this.writeKeeper = writeKeeper;
        this.writeInode = writeInode;
        this.readable = readable;
        this.writable = writable;
        this.twoWay = twoWay;
        this.broken = broken;
    }

    /**
     * Keeps the pipes of an end for a starting child and describes them.
     *
     * @param readFd the end's read descriptor, or -1 if the copy will not receive
     * @param writeFd the end's write descriptor, or -1 if the copy will not send or is broken
     */
    static PipeHandle handOver(int readFd, int writeFd, boolean readable, boolean writable, boolean twoWay,
            boolean broken) {
        int rk = -1;
        int wk = -1;
        boolean brokenCopy = broken;
        Keeper keeper = null;
        try {
            if (readFd >= 0) {
                rk = PosixPipes.reopenOwn(readFd, false);
                if (rk < 0) {
                    throw new IOException("reopening read descriptor " + readFd + " failed with errno " + -rk);
                }
            }
            if (writeFd >= 0) {
                wk = PosixPipes.reopenOwn(writeFd, true);
                if (wk == -PosixPipes.ENXIO) {
                    wk = -1;
                    brokenCopy = true; // PIPE-17: no reader left, the copy can only fail to send
                } else if (wk < 0) {
                    throw new IOException("reopening write descriptor " + writeFd + " failed with errno " + -wk);
                }
            }
            long token = ThreadLocalRandom.current().nextLong();
            keeper = new Keeper(token, rk, wk);
            // without a socket (none can be bound here), the keepers last until the child ends: no end of stream
            // before then, but the child's copy works
            String ackSocket = KeeperAcks.expect(token, keeper::release);
            SyncPrimitives.registerChildStartPending(keeper); // released on acknowledgement, exit or abandonment
            return new PipeHandle(Pids.current(), token, ackSocket, rk,
                    rk < 0 ? -1 : PosixPipes.inode(rk), wk, wk < 0 ? -1 : PosixPipes.inode(wk), readable, writable,
                    twoWay, brokenCopy);
        } catch (IOException | RuntimeException e) {
            if (keeper != null) {
                keeper.release();
            } else {
                PosixPipes.close(rk);
                PosixPipes.close(wk);
            }
            throw new UncheckedIOException("[PIPE-20] cannot keep a connection for the starting child: " + e,
                    e instanceof IOException ? (IOException) e : new IOException(e));
        }
    }

    /** In the child: opens this process's own copy of the end and releases the sender's keepers. */
    private Object readResolve() throws ObjectStreamException {
        int r = -1;
        int w = -1;
        boolean brokenCopy = broken;
        try {
            if (readKeeper >= 0) {
                r = open(readKeeper, readInode, false);
            }
            if (writeKeeper >= 0) {
                w = PosixPipes.reopen(senderPid, writeKeeper, true);
                if (w == -PosixPipes.ENXIO) {
                    w = -1;
                    brokenCopy = true; // PIPE-17: every reader closed meanwhile
                } else {
                    w = check(w, writeKeeper, writeInode);
                }
            }
        } catch (InvalidObjectException e) {
            PosixPipes.close(r);
            PosixPipes.close(w);
            throw e;
        }
        KeeperAcks.acknowledge(ackSocket, token); // if it is lost, the sender closes its keepers when we end
        return new FdConnection(r, w, readable, writable, twoWay, brokenCopy);
    }

    private int open(int keeper, long inode, boolean write) throws InvalidObjectException {
        return check(PosixPipes.reopen(senderPid, keeper, write), keeper, inode);
    }

    private int check(int fd, int keeper, long inode) throws InvalidObjectException {
        if (fd < 0) {
            throw new InvalidObjectException("[PIPE-20] cannot open the pipe that pid " + senderPid + " kept as"
                    + " descriptor " + keeper + " for this process: errno " + -fd
                    + (fd == -PosixPipes.ENOENT ? " (the process or its descriptor is gone)" : ""));
        }
        long seen = PosixPipes.inode(fd);
        if (seen != inode) {
            PosixPipes.close(fd);
            throw new InvalidObjectException("[PIPE-20] descriptor " + keeper + " of pid " + senderPid
                    + " is no longer the pipe kept for this process: inode " + seen + ", expected " + inode);
        }
        return fd;
    }
}
