package fr.coffre.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JIT warm-up (GcmWarmup): a stream past its trigger starts it once, it ends, and streams stay correct. */
class GcmWarmupTest {
    @Test
    void aStreamPastTheTriggerStartsOneWarmupThatEnds() throws Exception {
        byte[] plain = Cof1Objects.plaintext((int) (GcmWarmup.TRIGGER_SEGMENT + 4) * Cof1Objects.S);
        byte[] sealed = Cof1Objects.encrypt(Cof1Objects.spec().build(), Cof1Objects.dek(1), plain);
        assertTrue(GcmWarmup.started(), "the trigger segment was passed");
        assertArrayEquals(plain, Cof1Objects.read(sealed, Cof1Objects.dek(1), Cof1Objects.IDENTITY).plaintext(), "warm-up changes no stream");
        Optional<Thread> warmup = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("coffre-gcm-warmup")).findFirst();
        if (warmup.isPresent()) {
            assertTrue(warmup.get().isDaemon(), "never keeps the JVM alive");
            warmup.get().join(60_000);
            assertTrue(!warmup.get().isAlive(), "the warm-up ends");
        }
        GcmWarmup.atSegment(GcmWarmup.TRIGGER_SEGMENT);
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("coffre-gcm-warmup")), "at most once per JVM");
    }
}
