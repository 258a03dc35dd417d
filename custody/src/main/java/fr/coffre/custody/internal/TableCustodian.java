package fr.coffre.custody.internal;

import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyState;
import fr.coffre.custody.KeyVersionInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one {@link KeyCustodian} implementation: life cycle from {@link KeyTable}, storage and crypto from a
 * {@link CustodyBackend} (BCFKS file, PKCS#11 token, KMIP server). Changes are serialised in this JVM by a lock and
 * across processes by {@link CustodyBackend#lockForChange()}; readers use an immutable table snapshot, reloaded when
 * the backend's change stamp moves or, for backends without one, every {@code refreshInterval}. Machinery failures are
 * retried a bounded number of times with jittered backoff after {@link CustodyBackend#recover()}.
 */
public final class TableCustodian implements KeyCustodian {
    private final CustodyBackend backend;
    private final CustodyDescriptor descriptor;
    private final Clock clock;
    private final Duration refreshInterval;
    private final int maxAttempts;
    private final Duration backoff;
    private final ReentrantLock changeLock = new ReentrantLock();
    private volatile KeyTable table;
    private volatile Object stamp;
    private volatile long loadedAtNanos;
    private volatile boolean closed;

    public TableCustodian(CustodyBackend backend, CustodyDescriptor descriptor, Clock clock, Duration refreshInterval,
                   int maxAttempts, Duration backoff) {
        this.backend = backend;
        this.descriptor = descriptor;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        reload();
    }

    /** For the backends' tests (session-recovery tests reach the token's provider); this package is not exported. */
    public CustodyBackend backend() {
        return backend;
    }

    private String scheme() {
        return descriptor.scheme();
    }

    @Override
    public CustodyDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public KeyRef createKey(String keyId) {
        CustodyArgs.keyId(keyId);
        return change(keyId, t -> t.withCreated(scheme(), keyId, clock.instant()), t -> new KeyRef(scheme(), keyId, 1));
    }

    @Override
    public boolean exists(String keyId) {
        CustodyArgs.keyId(keyId);
        return current().contains(keyId);
    }

    @Override
    public KeyRef currentKey(String keyId) {
        CustodyArgs.keyId(keyId);
        return new KeyRef(scheme(), keyId, lookup(t -> t.activeVersion(scheme(), keyId)));
    }

    @Override
    public List<KeyVersionInfo> versions(String keyId) {
        CustodyArgs.keyId(keyId);
        return current().infos(scheme(), keyId);
    }

    @Override
    public KeyRef rotate(String keyId) {
        CustodyArgs.keyId(keyId);
        return change(keyId, t -> t.withRotated(scheme(), keyId, clock.instant()),
                t -> new KeyRef(scheme(), keyId, t.activeVersion(scheme(), keyId)));
    }

    @Override
    public void retire(KeyRef version) {
        CustodyArgs.ref(scheme(), version);
        change(version.keyId(), t -> t.withRetired(version), t -> null);
    }

    @Override
    public void reinstate(KeyRef version) {
        CustodyArgs.ref(scheme(), version);
        change(version.keyId(), t -> t.withReinstated(version), t -> null);
    }

    @Override
    public void destroyVersion(KeyRef version) {
        CustodyArgs.ref(scheme(), version);
        change(version.keyId(), t -> t.withVersionDestroyed(version), t -> null);
    }

    @Override
    public void destroy(String keyId) {
        CustodyArgs.keyId(keyId);
        change(keyId, t -> t.withAllDestroyed(scheme(), keyId), t -> null);
    }

    @Override
    public Map<String, Set<Integer>> claims(String keyId) {
        CustodyArgs.keyId(keyId);
        return current().claims(keyId);
    }

    @Override
    public void claimVersions(String keyId, String claimant, Set<Integer> versions) {
        CustodyArgs.keyId(keyId);
        if (versions == null) {
            throw new fr.coffre.InvalidInputException("versions: must be non-null (empty withdraws the claim)");
        }
        change(keyId, t -> t.withClaim(scheme(), keyId, claimant, versions), t -> null);
    }

    @Override
    public byte[] protect(KeyRef masterKey, SecretBytes dataKey, byte[] context) {
        CustodyArgs.ref(scheme(), masterKey);
        CustodyArgs.dataKey(dataKey);
        CustodyArgs.context(context);
        return use(masterKey, KeyTable.Use.PROTECT, "protect", () -> backend.seal(masterKey, dataKey, context));
    }

    @Override
    public SecretBytes unprotect(KeyRef masterKey, byte[] wrapped, byte[] context) {
        CustodyArgs.ref(scheme(), masterKey);
        CustodyArgs.wrapped(wrapped);
        CustodyArgs.context(context);
        return use(masterKey, KeyTable.Use.UNPROTECT, "unprotect", () -> backend.open(masterKey, wrapped, context));
    }

    @Override
    public void close() {
        changeLock.lock();
        try {
            if (!closed) {
                closed = true;
                backend.close();
            }
        } finally {
            changeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "KeyCustodian[" + descriptor.scheme() + " " + descriptor.endpoint() + ", jurisdiction="
                + descriptor.jurisdiction() + "]";
    }

    private <T> T use(KeyRef ref, KeyTable.Use use, String op, Supplier<T> call) {
        lookup(t -> t.require(ref, use));
        try {
            return retrying("master key " + ref + ": " + op, call);
        } catch (MissingKeyException e) {
            reload(); // another process may have destroyed it: report what the custody now says
            table.require(ref, use);
            throw new KeyUnavailableException("master key " + ref + ": no key object in custody");
        }
    }

    /** Runs {@code call}, retrying machinery failures; {@code what} names the operation in the final error. */
    private <T> T retrying(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            checkOpen();
            try {
                return call.get();
            } catch (TransientCustodyException e) {
                if (attempt >= maxAttempts) {
                    throw new KeyUnavailableException(what + " failed after " + attempt + " attempts (custody unavailable)", e);
                }
                pause(attempt);
                try {
                    backend.recover();
                } catch (TransientCustodyException again) {
                    // the next attempt will tell
                }
            }
        }
    }

    private void pause(int attempt) {
        long base = backoff.toMillis() << Math.min(attempt - 1, 6);
        try {
            Thread.sleep(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyUnavailableException("custody " + scheme() + ": interrupted while retrying", e);
        }
    }

    /**
     * Applies {@code query} to the table; if it reports an unknown or unusable (not destroyed) key and the backend
     * cannot tell changes cheaply, reloads once and asks again: another process may just have created or rotated it.
     */
    private <T> T lookup(Function<KeyTable, T> query) {
        KeyTable t = current();
        try {
            return query.apply(t);
        } catch (KeyDestroyedException e) {
            throw e;
        } catch (KeyUnavailableException e) {
            if (backend.changeStamp() != null) {
                throw e;
            }
            reload();
            return query.apply(table);
        }
    }

    /** The table, reloaded first if another writer changed the custody. */
    private KeyTable current() {
        checkOpen();
        Object s = backend.changeStamp();
        boolean stale = s != null ? !Objects.equals(s, stamp)
                : System.nanoTime() - loadedAtNanos > refreshInterval.toNanos();
        if (stale) {
            reload();
        }
        return table;
    }

    private void reload() {
        changeLock.lock();
        try {
            checkOpen();
            Object before = backend.changeStamp();
            table = retrying("custody " + scheme() + ": load", backend::load);
            stamp = before;
            loadedAtNanos = System.nanoTime();
        } finally {
            changeLock.unlock();
        }
    }

    private <T> T change(String keyId, UnaryOperator<KeyTable> rule, Function<KeyTable, T> result) {
        changeLock.lock();
        try (HeldLock crossProcess = backend.lockForChange()) {
            checkOpen();
            Object before = backend.changeStamp();
            KeyTable now = before == null || !before.equals(stamp) ? retrying("custody " + scheme() + ": load", backend::load) : table;
            table = now;
            KeyTable next = rule.apply(now); // typed failure before anything changes
            if (next != now) {
                List<KeyRef> create = new ArrayList<>();
                List<KeyRef> delete = new ArrayList<>();
                diff(keyId, now, next, create, delete);
                try {
                    backend.commit(next, create, delete);
                } catch (RuntimeException e) {
                    loadedAtNanos = 0; // unknown how far it got: reload before the next use
                    stamp = new Object();
                    if (e instanceof TransientCustodyException) {
                        throw new KeyUnavailableException("custody " + scheme() + ": change to " + scheme() + ":" + keyId
                                + " failed (custody unavailable)", e);
                    }
                    throw e;
                }
                table = next;
            }
            stamp = backend.changeStamp();
            loadedAtNanos = System.nanoTime();
            return result.apply(table);
        } finally {
            changeLock.unlock();
        }
    }

    private void diff(String keyId, KeyTable now, KeyTable next, List<KeyRef> create, List<KeyRef> delete) {
        List<KeyTable.Version> before = now.list(keyId);
        for (KeyTable.Version v : next.list(keyId)) {
            KeyRef ref = new KeyRef(scheme(), keyId, v.version());
            KeyState was = before.stream().filter(b -> b.version() == v.version()).map(KeyTable.Version::state)
                    .findFirst().orElse(null);
            if (was == null && v.state() != KeyState.DESTROYED) {
                create.add(ref);
            } else if (v.state() == KeyState.DESTROYED) {
                delete.add(ref); // also when already destroyed: backends delete idempotently and finish interrupted deletes
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new KeyUnavailableException("custodian " + descriptor.scheme() + " " + descriptor.endpoint() + ": closed");
        }
    }
}
