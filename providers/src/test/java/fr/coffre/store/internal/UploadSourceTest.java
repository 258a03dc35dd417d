package fr.coffre.store.internal;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.StoreException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UploadSourceTest {

    @Test
    void exactLengthReadsThroughAndCounts() throws IOException {
        UploadSource s = new UploadSource(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        assertArrayEquals(new byte[] {1, 2, 3}, s.readAllBytes());
        assertEquals(3, s.countBytes());
        assertFalse(s.failed());
        assertNull(s.failure("put"));
    }

    @Test
    void unknownLengthReadsToTheEnd() throws IOException {
        UploadSource s = new UploadSource(GeneratedData.stream(1, 100_000), -1);
        assertEquals(100_000, s.readAllBytes().length);
        assertEquals(-1, s.declaredLengthBytes());
    }

    @Test
    void shorterStreamFailsAsInvalidInput() {
        UploadSource s = new UploadSource(new ByteArrayInputStream(new byte[2]), 3);
        assertThrows(IOException.class, s::readAllBytes);
        assertTrue(s.failed());
        RuntimeException e = s.failure("put 'x'");
        assertEquals(InvalidInputException.class, e.getClass());
        assertTrue(e.getMessage().contains("declared 3 bytes but the stream ended after 2"), e.getMessage());
    }

    @Test
    void longerStreamFailsAsInvalidInput() {
        UploadSource s = new UploadSource(new ByteArrayInputStream(new byte[4]), 3);
        assertThrows(IOException.class, s::readAllBytes);
        assertEquals(InvalidInputException.class, s.failure("put").getClass());
    }

    @Test
    void longerStreamFailsBeforeTheLastDeclaredBytesAreHandedOut() throws IOException {
        UploadSource s = new UploadSource(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 3);
        byte[] buffer = new byte[3];
        assertThrows(IOException.class, () -> s.read(buffer, 0, 3),
                "the read that completes the declared length must fail: a body with Content-Length 3 never ends");
        assertEquals(InvalidInputException.class, s.failure("put").getClass());
        assertThrows(IOException.class, () -> s.read(buffer, 0, 3), "the failure is repeated");
    }

    @Test
    void exactLengthChecksTheEndOnceWithoutReadingPastIt() throws IOException {
        AtomicInteger reads = new AtomicInteger();
        InputStream counting = new ByteArrayInputStream(new byte[] {1, 2, 3}) {
            @Override
            public synchronized int read() {
                reads.incrementAndGet();
                return super.read();
            }
        };
        UploadSource s = new UploadSource(counting, 3);
        byte[] buffer = new byte[8];
        assertEquals(3, s.read(buffer, 0, 8));
        assertEquals(-1, s.read(buffer, 0, 8));
        assertEquals(-1, s.read());
        assertEquals(1, reads.get(), "the end is probed once, right when the declared length is reached");
        assertFalse(s.failed());
    }

    @Test
    void callerFailureIsKeptAsTheCauseAndRepeated() {
        UploadSource s = new UploadSource(GeneratedData.failingStream(1, 100, 50), 100);
        IOException first = assertThrows(IOException.class, s::readAllBytes);
        assertSame(first, assertThrows(IOException.class, s::read), "the same failure on every later read");
        RuntimeException e = s.failure("put 'x' on mem:/c");
        assertEquals(StoreException.class, e.getClass());
        assertSame(first, e.getCause());
        assertTrue(e.getMessage().contains("nothing was stored"));
    }

    @Test
    void runtimeExceptionFromCallerStreamIsCaptured() {
        InputStream bad = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("boom");
            }
        };
        UploadSource s = new UploadSource(bad, -1);
        assertThrows(IOException.class, s::read);
        assertThrowsExactly(StoreException.class, () -> {
            throw s.failure("put");
        });
    }

    @Test
    void neverClosesTheCallersStream() throws IOException {
        boolean[] closed = {false};
        UploadSource s = new UploadSource(new ByteArrayInputStream(new byte[1]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        }, 1);
        s.close();
        assertFalse(closed[0]);
        assertFalse(s.markSupported());
    }

    @Test
    void badArgumentsAreInvalidInput() {
        assertThrows(InvalidInputException.class, () -> new UploadSource(null, 1));
        assertThrows(InvalidInputException.class, () -> new UploadSource(InputStream.nullInputStream(), -2));
    }
}
