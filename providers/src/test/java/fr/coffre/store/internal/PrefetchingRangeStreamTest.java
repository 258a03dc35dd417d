package fr.coffre.store.internal;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Whole-object reads as parallel ranges, on an in-memory object (the S3 ITs run it against the real server). */
class PrefetchingRangeStreamTest {

    private static final int CHUNK = 1000;
    private static final int SIZE = 10 * CHUNK + 123;
    private static final byte[] OBJECT = GeneratedData.bytes(7, 0, SIZE);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Retrier retrier = new Retrier(RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build(), d -> { }, () -> 0.5);
    private final List<Long> opened = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Serves ranges of {@link #OBJECT}, slowly enough for prefetches to overlap. */
    private InputStream range(long offset, long length) {
        opened.add(offset);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        int end = (int) Math.min(SIZE, offset + length);
        return new ByteArrayInputStream(Arrays.copyOfRange(OBJECT, (int) offset, end));
    }

    private PrefetchingRangeStream stream(int firstBytes, PrefetchingRangeStream.RangeSource source, int parallel) {
        return new PrefetchingRangeStream(new ByteArrayInputStream(OBJECT, 0, firstBytes), firstBytes, SIZE, source,
                CHUNK, parallel, retrier, executor, "get 'x' on mem:test");
    }

    @Nested
    class Reading {
        @Test
        void givesTheWholeObjectInOrder() throws IOException {
            try (InputStream in = stream(CHUNK, this::range, 3)) {
                assertArrayEquals(OBJECT, in.readAllBytes());
            }
            assertEquals(10, opened.size(), "every byte after the first response is fetched exactly once");
            assertTrue(maxInFlight.get() <= 3, "at most 3 ranges fetched at once, saw " + maxInFlight.get());
        }

        private InputStream range(long offset, long length) {
            return PrefetchingRangeStreamTest.this.range(offset, length);
        }

        @Test
        void singleByteReadsAndAFirstResponseOfAnotherSize() throws IOException {
            try (InputStream in = stream(17, PrefetchingRangeStreamTest.this::range, 2)) {
                for (int i = 0; i < SIZE; i++) {
                    assertEquals(OBJECT[i] & 0xFF, in.read(), "byte " + i);
                }
                assertEquals(-1, in.read());
            }
        }

        @Test
        void prefetchesNoMoreThanParallelAheadOfAReaderThatStops() throws Exception {
            try (InputStream in = stream(CHUNK, PrefetchingRangeStreamTest.this::range, 2)) {
                in.readNBytes(10);
                Thread.sleep(50);
                assertEquals(2, opened.size(), "only 2 ranges are fetched ahead of the reader");
            }
        }
    }

    @Nested
    class Failures {
        @Test
        void aRangeThatKeepsFailingFailsTheReadWithIOException() {
            PrefetchingRangeStream.RangeSource failing = (offset, length) -> {
                if (offset == 3 * CHUNK) {
                    throw new StoreUnavailableException("range: HTTP 503");
                }
                return range(offset, length);
            };
            IOException e = assertThrows(IOException.class, () -> {
                try (InputStream in = stream(CHUNK, failing, 2)) {
                    in.readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        }

        @Test
        void aTransientRangeFailureIsRetried() throws IOException {
            AtomicInteger failures = new AtomicInteger(2);
            PrefetchingRangeStream.RangeSource flaky = (offset, length) -> {
                if (offset == 2 * CHUNK && failures.getAndDecrement() > 0) {
                    throw new StoreUnavailableException("range: HTTP 503");
                }
                return range(offset, length);
            };
            try (InputStream in = stream(CHUNK, flaky, 2)) {
                assertArrayEquals(OBJECT, in.readAllBytes());
            }
        }

        @Test
        void aShortRangeIsAnError() {
            PrefetchingRangeStream.RangeSource shortRange = (offset, length) -> range(offset, length - 1);
            IOException e = assertThrows(IOException.class, () -> {
                try (InputStream in = stream(CHUNK, shortRange, 2)) {
                    in.readAllBytes();
                }
            });
            assertEquals(StoreException.class, e.getCause().getClass());
        }

        @Test
        void aFirstResponseThatEndsEarlyIsAnError() {
            InputStream truncated = new ByteArrayInputStream(OBJECT, 0, CHUNK - 5);
            assertThrows(IOException.class, () -> {
                try (InputStream in = new PrefetchingRangeStream(truncated, CHUNK, SIZE,
                        PrefetchingRangeStreamTest.this::range, CHUNK, 2, retrier, executor, "get 'x'")) {
                    in.readAllBytes();
                }
            });
        }

        @Test
        void readAfterCloseIsAnError() throws IOException {
            InputStream in = stream(CHUNK, PrefetchingRangeStreamTest.this::range, 2);
            in.close();
            assertThrows(IOException.class, in::read);
        }

        @Test
        void badArgumentsAreInvalidInput() {
            assertThrows(InvalidInputException.class, () -> new PrefetchingRangeStream(InputStream.nullInputStream(),
                    10, 5, PrefetchingRangeStreamTest.this::range, CHUNK, 2, retrier, executor, "get"));
            assertThrows(InvalidInputException.class, () -> new PrefetchingRangeStream(InputStream.nullInputStream(),
                    0, 5, PrefetchingRangeStreamTest.this::range, CHUNK, 0, retrier, executor, "get"));
        }
    }
}
