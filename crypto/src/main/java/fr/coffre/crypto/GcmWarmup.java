package fr.coffre.crypto;

import fr.coffre.SecretBytes;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compiles the JDK's AES-GCM fast path early. HotSpot uses the AES-NI/CLMUL intrinsic of GCM only in C2-compiled
 * code, and C2 compiles a method after thousands of calls: one call per 64 KiB segment means the first ~5,000
 * segments of a fresh JVM (300 MiB) run 3 to 10 times slower (BENCHMARKS.md, "Cold start"). {@link Cof1#warmUp}
 * (called when a Coffre is built) or a stream reaching {@link #TRIGGER_SEGMENT} segments starts a low-priority
 * daemon thread ({@code coffre-gcm-warmup}) that seals and opens {@link #ITERATIONS} throwaway 8 KiB segments
 * (above the JDK's 7,680-byte parallel-processing threshold, so the same intrinsic path, at an eighth of the cost
 * per call) under a random key that never leaves the thread, then ends; at most once per JVM (JIT state is per
 * JVM). It writes nothing and changes no byte of any object.
 */
final class GcmWarmup {
    static final long TRIGGER_SEGMENT = 2;
    static final int ITERATIONS = 4000;
    private static final int SEGMENT_BYTES = 8 * 1024;
    private static final long BUDGET_NANOS = 10_000_000_000L;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private GcmWarmup() {
    }

    /** Called with each segment index a stream processes; starts the warm-up at {@link #TRIGGER_SEGMENT}. */
    static void atSegment(long index) {
        if (index == TRIGGER_SEGMENT) {
            start();
        }
    }

    /** Starts the warm-up unless one was started in this JVM. */
    static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(GcmWarmup::run, "coffre-gcm-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /** True once a warm-up was started in this JVM. */
    static boolean started() {
        return STARTED.get();
    }

    private static void run() {
        SecureRandom random = new SecureRandom();
        byte[] prefix = new byte[Cof1Layout.NONCE_PREFIX_BYTES];
        random.nextBytes(prefix);
        byte[] plain = new byte[SEGMENT_BYTES];
        byte[] sealed = new byte[SEGMENT_BYTES + Cof1Layout.TAG_BYTES];
        try (SecretBytes key = SecretBytes.random(32, random)) {
            SegmentCipher cipher = new SegmentCipher(key, prefix, new byte[16]);
            long deadline = System.nanoTime() + BUDGET_NANOS;
            for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++) {
                int n = cipher.seal(plain, 0, SEGMENT_BYTES, i, false, sealed);
                cipher.open(sealed, 0, n, i, false, plain);
            }
        }
    }
}
