package fr.coffre.core;

import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Unwrapped data keys kept in memory so that small writes and reads do not pay one custody round trip each.
 * Bounded by count (least recently used evicted first) and by age (an entry expires {@code timeToLive} after it
 * was unwrapped, however often it is used). Every key leaving the cache (eviction, expiry, shred, close) is
 * zeroed. Callers get copies, which they destroy after use, so an eviction never pulls a key from under a stream.
 *
 * <p>A key shredded while cached is zeroed at once, and the id is remembered so that a concurrent unwrap that
 * started before the shred cannot put it back.
 */
final class DataKeyCache {
    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<KeyRef, Cached> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<String> shreddedIds = new HashSet<>();

    private record Cached(SecretBytes key, long expiresAtNanos) {
    }

    DataKeyCache(int maxEntries, Duration timeToLive, LongSupplier nanoTime) {
        this.maxEntries = maxEntries;
        this.ttlNanos = timeToLive.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A copy of the cached key (caller destroys it), or {@code null}. */
    synchronized SecretBytes copyOf(KeyRef ref) {
        Cached c = entries.get(ref);
        if (c == null) {
            return null;
        }
        if (nanoTime.getAsLong() - c.expiresAtNanos >= 0) {
            entries.remove(ref).key.destroy();
            return null;
        }
        return SecretBytes.wrap(c.key.copyBytes());
    }

    /**
     * Takes ownership of {@code key}: caches it, or destroys it at once if caching is disabled.
     *
     * @throws KeyDestroyedException if {@code ref}'s id was shredded meanwhile (the key is destroyed)
     */
    synchronized void put(KeyRef ref, SecretBytes key) {
        if (shreddedIds.contains(ref.keyId())) {
            key.destroy();
            throw new KeyDestroyedException("data key " + ref + ": destroyed (crypto-shredded)");
        }
        expireOld();
        if (maxEntries == 0 || ttlNanos <= 0) {
            key.destroy();
            return;
        }
        Cached previous = entries.put(ref, new Cached(key, nanoTime.getAsLong() + ttlNanos));
        if (previous != null && previous.key != key) {
            previous.key.destroy();
        }
        while (entries.size() > maxEntries) {
            Iterator<Map.Entry<KeyRef, Cached>> eldest = entries.entrySet().iterator();
            eldest.next().getValue().key.destroy();
            eldest.remove();
        }
    }

    /** Zeroes every cached version of {@code keyId} and refuses to cache it again. */
    synchronized void shred(String keyId) {
        shreddedIds.add(keyId);
        entries.entrySet().removeIf(e -> {
            if (e.getKey().keyId().equals(keyId)) {
                e.getValue().key.destroy();
                return true;
            }
            return false;
        });
    }

    synchronized int size() {
        return entries.size();
    }

    /** Zeroes and drops every key. */
    synchronized void clear() {
        entries.values().forEach(c -> c.key.destroy());
        entries.clear();
    }

    private void expireOld() {
        long now = nanoTime.getAsLong();
        entries.values().removeIf(c -> {
            if (now - c.expiresAtNanos >= 0) {
                c.key.destroy();
                return true;
            }
            return false;
        });
    }
}
