package fr.coffre.custody.internal;

import fr.coffre.KeyUnavailableException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A change lock across processes and hosts for custodies that have none of their own (a PKCS#11 token, a KMIP
 * server), built from the objects they can create, list and delete.
 *
 * <p>To take the lock a writer creates a lock object of its own, then lists every lock object: it holds the lock if
 * and only if its own is the only one; otherwise it deletes its own, waits a random and growing while, and tries
 * again. Of two writers whose lock objects coexist, the later one to list sees both, so at most one holds the lock,
 * given a custody whose creations and listings are linearisable (one token or one server; a replicated HSM cluster
 * must give every host one view, as it must for keys anyway). Releasing deletes the lock object.
 *
 * <p>A lock object holds its creation time (milliseconds since the epoch, big-endian) and 16 random bytes. One older
 * than the lease belongs to a holder that died mid-change and is deleted by whoever finds it; a change takes
 * milliseconds, so a live holder never gets near the lease unless its clock is that far off.
 */
public final class ChangeMutex {
    /** The custody's lock objects; every call reaches the custody (no cached listing). */
    public interface Objects {
        /** Creates a new lock object holding {@code value}; returns its handle (a label, a unique id). */
        String create(byte[] value);

        /** The handles of every lock object in custody now. */
        List<String> list();

        /** The value of lock object {@code handle}, or null if it is gone. */
        byte[] read(String handle);

        /** Deletes lock object {@code handle}; nothing if it is already gone. */
        void delete(String handle);
    }

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    private static final long MAX_PAUSE_MILLIS = 500;

    private final Objects objects;
    private final Duration lease;
    private final Duration timeout;
    private final SecureRandom random;
    private final String what;

    /** {@code what} names the custody in errors; a wait longer than the lease plus {@code lease / 2} fails. */
    public ChangeMutex(Objects objects, Duration lease, SecureRandom random, String what) {
        this.objects = objects;
        this.lease = lease;
        this.timeout = lease.plus(lease.dividedBy(2));
        this.random = random;
        this.what = what;
    }

    /**
     * Takes the lock, waiting while another writer holds it.
     *
     * @throws KeyUnavailableException if it stays held beyond the timeout, or custody keeps failing
     */
    public HeldLock acquire() {
        long deadline = System.nanoTime() + timeout.toNanos();
        TransientCustodyException last = null;
        for (int attempt = 0; ; attempt++) {
            try {
                String mine = objects.create(value(System.currentTimeMillis()));
                List<String> held = objects.list();
                if (held.size() == 1 && held.get(0).equals(mine)) {
                    return () -> release(mine);
                }
                objects.delete(mine);
                breakStale(held, mine);
            } catch (TransientCustodyException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new KeyUnavailableException(what + ": the change lock stayed held by another process for over "
                        + timeout.toSeconds() + " s" + (last == null ? "" : " (custody failing)"), last);
            }
            pause(attempt);
        }
    }

    private void breakStale(List<String> held, String mine) {
        long now = System.currentTimeMillis();
        for (String other : held) {
            if (other.equals(mine)) {
                continue;
            }
            byte[] v = objects.read(other);
            if (v != null && (v.length < Long.BYTES || now - ByteBuffer.wrap(v).getLong() > lease.toMillis())) {
                objects.delete(other);
            }
        }
    }

    private void release(String mine) {
        try {
            objects.delete(mine);
        } catch (TransientCustodyException e) {
            // the change is made; the lock object left behind expires with the lease
        }
    }

    private byte[] value(long nowMillis) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return ByteBuffer.allocate(Long.BYTES + nonce.length).putLong(nowMillis).put(nonce).array();
    }

    private static void pause(int attempt) {
        long bound = Math.min(MAX_PAUSE_MILLIS, 5L << Math.min(attempt, 7));
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextLong(bound));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyUnavailableException("custody: interrupted while waiting for the change lock", e);
        }
    }
}
