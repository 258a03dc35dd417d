package fr.coffre.custody.internal;

import fr.coffre.KeyUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusion among the processes of one host around a custody's reads and changes: an owner-only lock file in the
 * temporary directory, named after what it guards (e.g. a token's SunPKCS11 configuration), locked with
 * {@link FileLock}.
 * Reentrant per instance; other instances in the same JVM (whose overlapping lock the JDK refuses) wait as another
 * process would. If the lock file cannot be made or opened (another user's, a read-only directory) the lock does
 * nothing: the custody's own lock, if any, remains.
 */
public final class HostFileLock {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final ReentrantLock local = new ReentrantLock();
    private FileLock held; // guarded by local

    private HostFileLock(Path path) {
        this.path = path;
    }

    /**
     * The lock of {@code guarded} on this host: any text naming the custody, which changes when the custody is
     * replaced by another (e.g. a token's whole SunPKCS11 configuration, slot included).
     */
    public static HostFileLock of(String kind, String guarded) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(guarded.getBytes(StandardCharsets.UTF_8));
            String name = "coffre-" + kind + "-" + HexFormat.of().formatHex(h, 0, 12) + ".lock";
            return new HostFileLock(Path.of(System.getProperty("java.io.tmpdir"), name));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** The lock file. */
    public Path path() {
        return path;
    }

    /** Takes the lock (blocking, bounded); the returned handle releases it. */
    public HeldLock acquire() {
        local.lock();
        try {
            if (local.getHoldCount() == 1) {
                held = take();
            }
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
        return this::release;
    }

    /**
     * While held: the number last given to {@link #stamp(long)} on this host, 0 if none (a custody's generation,
     * so that a process can tell its view of the custody lags behind the last change made here).
     */
    public long stamp() {
        requireHeld();
        if (held == null) {
            return 0;
        }
        try {
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES);
            while (b.hasRemaining() && held.channel().read(b, b.position()) > 0) {
                // reads the 8 bytes, if there are
            }
            return b.hasRemaining() ? 0 : b.flip().getLong();
        } catch (IOException e) {
            throw new TransientCustodyException("custody: host lock " + path.getFileName(), e);
        }
    }

    /** While held: records {@code value} for {@link #stamp()}. */
    public void stamp(long value) {
        requireHeld();
        if (held == null) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES).putLong(value).flip();
            while (b.hasRemaining()) {
                held.channel().write(b, b.position());
            }
        } catch (IOException e) {
            throw new TransientCustodyException("custody: host lock " + path.getFileName(), e);
        }
    }

    private void requireHeld() {
        if (!local.isHeldByCurrentThread()) {
            throw new IllegalStateException("the host lock is not held by this thread");
        }
    }

    private void release() {
        try {
            if (local.getHoldCount() == 1 && held != null) {
                try (FileChannel ch = held.channel()) {
                    held.release();
                } catch (IOException ignored) {
                    // closing the channel releases the lock anyway
                }
                held = null;
            }
        } finally {
            local.unlock();
        }
    }

    /**
     * Locks the file of {@code ch}, waiting (bounded by {@code timeout}) while another process or another lock
     * of this JVM (which the JDK refuses as overlapping) holds it; closes {@code ch} if it fails. {@code what}
     * names the lock in errors.
     *
     * @throws KeyUnavailableException if it stays held beyond the timeout, or the wait is interrupted
     */
    public static FileLock lockWaiting(FileChannel ch, Duration timeout, String what) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        return l;
                    }
                } catch (OverlappingFileLockException e) {
                    // another instance in this JVM holds it: wait as for another process
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new KeyUnavailableException(what + " busy for " + timeout.toSeconds() + " s");
                }
                Thread.sleep(2 + ThreadLocalRandom.current().nextInt(10));
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            ch.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new KeyUnavailableException(what + ": interrupted while waiting", e);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
    }

    private FileLock take() {
        FileChannel ch;
        try {
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException ignored) {
                // made by an earlier process
            }
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // no host lock here: see the class comment
        }
        try {
            return lockWaiting(ch, TIMEOUT, "custody: host lock " + path.getFileName());
        } catch (IOException e) {
            throw new TransientCustodyException("custody: host lock " + path.getFileName(), e);
        }
    }
}
