package fr.coffre.store.internal;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.PartSizing;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreUnavailableException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The uploader's decisions and guarantees, on a recording in-memory target (the real providers run the same code in
 * the conformance suites): which requests an upload becomes, bounded buffers and parallelism, per-part retries,
 * abort on every failure, and streamed puts that are replayed only while nothing of the stream was consumed.
 */
class ParallelPartUploaderTest {

    private static final int PART = 1 << 20;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Retrier retrier = new Retrier(RetryPolicy.builder().maxAttempts(4)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build(), d -> { }, () -> 0.5);
    private final PartSizing sizing = PartSizing.builder().minPartBytes(1).preferredPartBytes(PART).maxPartBytes(PART)
            .maxParts(20).build();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ParallelPartUploader uploader(int parallel) {
        return new ParallelPartUploader(sizing, parallel, retrier, executor);
    }

    private ParallelPartUploader streaming() {
        ParallelPartUploader u = uploader(2);
        return u.withStreamedPuts(u.streamAboveOnePart(), 5 * PART);
    }

    /** A provider in memory that records every request; failures are injected per request kind. */
    static class Recorder implements ParallelPartUploader.StreamingTarget {
        /** Requests other than part uploads, in order. */
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
        final Set<byte[]> buffers = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger partFailuresLeft = new AtomicInteger();
        final AtomicInteger streamFailuresLeft = new AtomicInteger();
        volatile int streamFailAfterBytes = -1;
        volatile RuntimeException permanentPartFailure;
        volatile byte[] object;

        @Override
        public void putWhole(byte[] data, int length) {
            calls.add("whole " + length);
            object = java.util.Arrays.copyOf(data, length);
        }

        @Override
        public void putStreamed(InputStream data, long length) {
            calls.add("streamed " + length);
            if (streamFailAfterBytes < 0 && streamFailuresLeft.getAndDecrement() > 0) {
                throw new StoreUnavailableException("503 before the body"); // e.g. answered to Expect: 100-continue
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                int n;
                while (out.size() < length && (n = data.read(chunk, 0, (int) Math.min(chunk.length, length - out.size()))) != -1) {
                    out.write(chunk, 0, n);
                    if (streamFailAfterBytes >= 0 && out.size() >= streamFailAfterBytes
                            && streamFailuresLeft.getAndDecrement() > 0) {
                        throw new StoreUnavailableException("connection reset while sending");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            object = out.toByteArray();
        }

        @Override
        public String start() {
            calls.add("start");
            return "upload-1";
        }

        @Override
        public String putPart(String uploadId, int partNumber, byte[] data, int length) {
            buffers.add(data);
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(2);
                if (permanentPartFailure != null && partNumber == 3) {
                    throw permanentPartFailure;
                }
                if (partFailuresLeft.getAndDecrement() > 0) {
                    throw new StoreUnavailableException("part " + partNumber + ": 503");
                }
                parts.put(partNumber, java.util.Arrays.copyOf(data, length));
                return "etag-" + partNumber;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted", e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void complete(String uploadId, List<String> etags) {
            calls.add("complete " + etags.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 1; i <= etags.size(); i++) {
                assertEquals("etag-" + i, etags.get(i - 1));
                out.writeBytes(parts.get(i));
            }
            object = out.toByteArray();
        }

        @Override
        public void abort(String uploadId) {
            calls.add("abort");
        }
    }

    /** The same provider without streamed puts. */
    static final class NonStreaming implements ParallelPartUploader.Target {
        final Recorder r = new Recorder();

        @Override
        public void putWhole(byte[] data, int length) {
            r.putWhole(data, length);
        }

        @Override
        public String start() {
            return r.start();
        }

        @Override
        public String putPart(String uploadId, int partNumber, byte[] data, int length) {
            return r.putPart(uploadId, partNumber, data, length);
        }

        @Override
        public void complete(String uploadId, List<String> parts) {
            r.complete(uploadId, parts);
        }

        @Override
        public void abort(String uploadId) {
            r.abort(uploadId);
        }
    }

    private static UploadSource source(long seed, long length, boolean declare) {
        return new UploadSource(GeneratedData.stream(seed, length), declare ? length : -1);
    }

    @Nested
    class SmallObjects {
        @Test
        void anObjectThatFitsOnePartIsOneBufferedPut() {
            Recorder t = new Recorder();
            streaming().upload("put 'x'", source(1, PART, true), t);
            assertEquals(List.of("whole " + PART), t.calls);
            assertArrayEquals(GeneratedData.bytes(1, 0, PART), t.object);
        }

        @Test
        void unknownLengthShorterThanOnePartIsOneBufferedPut() {
            Recorder t = new Recorder();
            streaming().upload("put 'x'", source(2, PART - 1, false), t);
            assertEquals(List.of("whole " + (PART - 1)), t.calls);
        }

        /** The first buffer of an unknown length grows (256 KiB, doubling) instead of taking a whole part. */
        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 262_143, 262_144, 262_145, 524_289, PART - 1})
        void unknownLengthAtAndAroundEachGrowthOfTheFirstBufferIsOneExactPut(int size) {
            Recorder t = new Recorder();
            uploader(2).upload("put 'x'", source(3, size, false), t);
            assertEquals(List.of("whole " + size), t.calls);
            assertArrayEquals(GeneratedData.bytes(3, 0, size), t.object);
        }

        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(ints = {PART, PART + 1})
        void unknownLengthFillingTheFirstPartIsMultipartWithEveryByte(int size) {
            Recorder t = new Recorder();
            uploader(2).upload("put 'x'", source(4, size, false), t);
            assertEquals("start", t.calls.get(0));
            assertArrayEquals(GeneratedData.bytes(4, 0, size), t.object);
        }
    }

    @Nested
    class StreamedSinglePut {
        @Test
        void knownLengthWithinTheRangeIsOneStreamedRequestReadFromTheCallersStream() {
            Recorder t = new Recorder();
            UploadSource s = source(3, 5 * PART, true);
            streaming().upload("put 'x'", s, t);
            assertEquals(List.of("streamed " + 5 * PART), t.calls);
            assertArrayEquals(GeneratedData.bytes(3, 0, 5 * PART), t.object);
            assertTrue(t.buffers.isEmpty(), "no part buffer is used");
            assertEquals(5 * PART, s.countBytes());
        }

        @Test
        void beyondTheRangeIsMultipart() {
            Recorder t = new Recorder();
            streaming().upload("put 'x'", source(4, 5 * PART + 1, true), t);
            assertEquals("start", t.calls.get(0));
            assertEquals("complete 6", t.calls.get(t.calls.size() - 1));
            assertArrayEquals(GeneratedData.bytes(4, 0, 5 * PART + 1), t.object);
        }

        @Test
        void unknownLengthIsNeverStreamed() {
            Recorder t = new Recorder();
            streaming().upload("put 'x'", source(5, 3 * PART, false), t);
            assertEquals(List.of("start", "complete 3"), t.calls);
        }

        @Test
        void aTargetThatCannotStreamGetsMultipart() {
            NonStreaming t = new NonStreaming();
            streaming().upload("put 'x'", source(6, 3 * PART, true), t);
            assertEquals(List.of("start", "complete 3"), t.r.calls);
        }

        @Test
        void disabledByDefault() {
            Recorder t = new Recorder();
            uploader(2).upload("put 'x'", source(7, 3 * PART, true), t);
            assertEquals(List.of("start", "complete 3"), t.calls);
            assertFalse(uploader(2).streams(3 * PART));
        }

        @Test
        void transientFailureBeforeAnyByteWasConsumedIsRetried() {
            Recorder t = new Recorder();
            t.streamFailuresLeft.set(2);
            streaming().upload("put 'x'", source(8, 2 * PART, true), t);
            assertEquals(List.of("streamed " + 2 * PART, "streamed " + 2 * PART, "streamed " + 2 * PART), t.calls);
            assertArrayEquals(GeneratedData.bytes(8, 0, 2 * PART), t.object);
        }

        @Test
        void transientFailureAfterBytesWereConsumedIsNotReplayed() {
            Recorder t = new Recorder();
            t.streamFailAfterBytes = 128;
            t.streamFailuresLeft.set(1);
            StoreUnavailableException e = assertThrowsExactly(StoreUnavailableException.class,
                    () -> streaming().upload("put 'x'", source(9, 2 * PART, true), t));
            assertEquals("connection reset while sending", e.getMessage());
            assertEquals(List.of("streamed " + 2 * PART), t.calls, "a consumed stream is never sent again");
        }

        @Test
        void longerStreamFailsBeforeItsLastDeclaredBytesReachTheTarget() {
            Recorder t = new Recorder();
            UploadSource s = new UploadSource(GeneratedData.stream(10, 2 * PART + 1), 2 * PART);
            assertThrows(UncheckedIOException.class, () -> streaming().upload("put 'x'", s, t));
            assertTrue(s.failed());
            assertEquals(InvalidInputException.class, s.failure("put").getClass());
            assertEquals(null, t.object, "the target never received the whole declared length");
        }
    }

    @Nested
    class Multipart {
        @Test
        void partsAreSentInParallelWithBoundedBuffers() {
            Recorder t = new Recorder();
            uploader(3).upload("put 'x'", source(11, 15 * PART + 7, false), t);
            assertEquals(List.of("start", "complete 16"), t.calls);
            assertArrayEquals(GeneratedData.bytes(11, 0, 15 * PART + 7), t.object);
            assertTrue(t.maxRunning.get() <= 3, "at most 3 parts in flight, saw " + t.maxRunning.get());
            assertTrue(t.buffers.size() <= 4, "at most parallelParts + 1 part buffers, saw " + t.buffers.size());
        }

        @Test
        void aPartThatFailsTransientlyIsRetriedFromItsBuffer() {
            Recorder t = new Recorder();
            t.partFailuresLeft.set(2);
            uploader(2).upload("put 'x'", source(12, 4 * PART, true), t);
            assertArrayEquals(GeneratedData.bytes(12, 0, 4 * PART), t.object);
            assertFalse(t.calls.contains("abort"));
        }

        @Test
        void aPartThatFailsForGoodAbortsTheUploadAndNothingCompletes() {
            Recorder t = new Recorder();
            AccessDeniedException denied = new AccessDeniedException("part 3: denied");
            t.permanentPartFailure = denied;
            assertSame(denied, assertThrows(AccessDeniedException.class,
                    () -> uploader(2).upload("put 'x'", source(13, 8 * PART, false), t)));
            assertEquals(List.of("start", "abort"), t.calls);
            assertEquals(null, t.object);
        }

        @Test
        void theCallersStreamFailingMidwayAbortsTheUpload() {
            Recorder t = new Recorder();
            UploadSource s = new UploadSource(GeneratedData.failingStream(14, 8 * PART, 5 * PART + 3), -1);
            assertThrows(UncheckedIOException.class, () -> uploader(2).upload("put 'x'", s, t));
            assertTrue(s.failed());
            assertEquals(List.of("start", "abort"), t.calls);
        }

        @Test
        void aStreamLongerThanThePartLimitAllowsIsInvalidInputAndAborted() {
            Recorder t = new Recorder();
            long tooLong = sizing.maxUnknownSizeBytes() + 1;
            assertThrows(InvalidInputException.class,
                    () -> uploader(2).upload("put 'x'", source(15, tooLong, false), t));
            assertEquals("abort", t.calls.get(t.calls.size() - 1));
            assertEquals(null, t.object);
        }
    }

    @Test
    void badArgumentsAreInvalidInput() {
        assertThrows(InvalidInputException.class, () -> new ParallelPartUploader(null, 2, retrier, executor));
        assertThrows(InvalidInputException.class, () -> new ParallelPartUploader(sizing, 0, retrier, executor));
        assertThrows(InvalidInputException.class, () -> new ParallelPartUploader(sizing, 65, retrier, executor));
        assertThrows(InvalidInputException.class, () -> uploader(2).withStreamedPuts(-1, 10));
    }
}
