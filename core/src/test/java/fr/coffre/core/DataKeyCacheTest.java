package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DataKeyCacheTest {
    private final AtomicLong now = new AtomicLong();

    private static KeyRef ref(int i) {
        return new KeyRef("coffre-dk", "s1-k" + i, 1);
    }

    private static SecretBytes key(int fill) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) fill);
        return SecretBytes.wrap(b);
    }

    @Nested
    class Eviction {
        @Test
        void leastRecentlyUsedKeyIsEvictedAndZeroed() {
            DataKeyCache cache = new DataKeyCache(2, Duration.ofMinutes(1), now::get);
            SecretBytes k1 = key(1);
            SecretBytes k2 = key(2);
            SecretBytes k3 = key(3);
            cache.put(ref(1), k1);
            cache.put(ref(2), k2);
            cache.copyOf(ref(1)).destroy();
            cache.put(ref(3), k3);
            assertTrue(k2.isDestroyed(), "evicted key must be zeroed");
            assertFalse(k1.isDestroyed());
            assertNull(cache.copyOf(ref(2)));
            assertEquals(2, cache.size());
        }

        @Test
        void expiredKeyIsZeroedOnAccess() {
            DataKeyCache cache = new DataKeyCache(10, Duration.ofSeconds(5), now::get);
            SecretBytes k = key(7);
            cache.put(ref(1), k);
            now.set(Duration.ofSeconds(5).toNanos());
            assertNull(cache.copyOf(ref(1)));
            assertTrue(k.isDestroyed());
        }

        @Test
        void expiredKeysAreSweptOnPut() {
            DataKeyCache cache = new DataKeyCache(10, Duration.ofSeconds(5), now::get);
            SecretBytes k = key(7);
            cache.put(ref(1), k);
            now.set(Duration.ofSeconds(6).toNanos());
            cache.put(ref(2), key(8));
            assertTrue(k.isDestroyed());
            assertEquals(1, cache.size());
        }

        @Test
        void clearZeroesEverything() {
            DataKeyCache cache = new DataKeyCache(10, Duration.ofSeconds(5), now::get);
            SecretBytes k = key(7);
            cache.put(ref(1), k);
            cache.clear();
            assertTrue(k.isDestroyed());
        }
    }

    @Nested
    class Copies {
        @Test
        void callersGetCopiesSoEvictionNeverPullsAKeyFromUnderThem() {
            DataKeyCache cache = new DataKeyCache(1, Duration.ofMinutes(1), now::get);
            cache.put(ref(1), key(1));
            SecretBytes lent = cache.copyOf(ref(1));
            assertNotNull(lent);
            cache.put(ref(2), key(2));
            assertFalse(lent.isDestroyed());
            assertEquals(1, lent.copyBytes()[0]);
        }

        @Test
        void disabledCacheDestroysWhatItIsGiven() {
            DataKeyCache cache = new DataKeyCache(0, Duration.ofMinutes(1), now::get);
            SecretBytes k = key(1);
            cache.put(ref(1), k);
            assertTrue(k.isDestroyed());
            assertNull(cache.copyOf(ref(1)));
        }
    }

    @Nested
    class Shredding {
        @Test
        void shredZeroesAndRefusesLateInsertOfAnUnwrapThatRacedIt() {
            DataKeyCache cache = new DataKeyCache(10, Duration.ofMinutes(1), now::get);
            SecretBytes cached = key(1);
            cache.put(ref(1), cached);
            cache.shred(ref(1).keyId());
            assertTrue(cached.isDestroyed());
            SecretBytes late = key(1);
            assertThrows(KeyDestroyedException.class, () -> cache.put(ref(1), late));
            assertTrue(late.isDestroyed());
        }
    }
}
