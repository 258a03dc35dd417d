package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pull-style source a put hands to the store: what becomes of the encryptor when the store stops early. */
class EncryptingSourceTest {
    private final AtomicInteger encryptorCloses = new AtomicInteger();

    private EncryptingSource source(int plaintextBytes) {
        return new EncryptingSource(new ByteArrayInputStream(new byte[plaintextBytes]),
                sink -> new FilterOutputStream(sink) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        encryptorCloses.incrementAndGet();
                        super.close();
                    }
                }, plaintextBytes, plaintextBytes);
    }

    @Nested
    class Close {
        @Test
        void whenTheStoreStoppedEarlyClosesTheEncryptorSoItsKeyIsWipedButTheSourceIsStillUnfinished()
                throws IOException {
            EncryptingSource s = source(1 << 20);
            s.read(new byte[1000]);
            s.close();
            assertEquals(1, encryptorCloses.get());
            assertFalse(s.finished(), "the put must still see that the store stopped before the end");
        }

        @Test
        void afterTheWholeObjectWasReadDoesNotCloseTheEncryptorAgain() throws IOException {
            EncryptingSource s = source(5000);
            s.transferTo(OutputStream.nullOutputStream());
            assertTrue(s.finished());
            s.close();
            s.close();
            assertEquals(1, encryptorCloses.get());
        }
    }
}
