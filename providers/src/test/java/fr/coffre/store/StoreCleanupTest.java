package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ObjectStore#leftovers}, {@link ObjectStore#reclaim} and {@link ObjectStore#cleanup} on local stores. */
class StoreCleanupTest {

    private static final Leftover ANY = new Leftover(Leftover.Kind.TEMPORARY_FILE, "a/b-" + UUID.randomUUID(), 1,
            Duration.ZERO);

    @Test
    void theMemoryStoreHasNoLeftovers() {
        try (ObjectStore store = ObjectStores.memory()) {
            store.put("a", GeneratedData.stream(1, 10), -1);
            assertEquals(List.of(), store.leftovers(Duration.ZERO));
            CleanupReport report = store.cleanup(Duration.ZERO, false);
            assertFalse(report.dryRun());
            assertEquals(List.of(), report.leftovers());
            assertEquals(Map.of(), report.byKind());
            assertEquals(InvalidInputException.class, assertThrows(RuntimeException.class,
                    () -> store.reclaim(ANY)).getClass());
        }
    }

    @Test
    void anAgeMustBeNonNegative() {
        try (ObjectStore store = ObjectStores.memory()) {
            assertEquals(InvalidInputException.class, assertThrows(RuntimeException.class,
                    () -> store.leftovers(Duration.ofSeconds(-1))).getClass());
            assertEquals(InvalidInputException.class, assertThrows(RuntimeException.class,
                    () -> store.cleanup(null, true)).getClass());
            assertEquals(InvalidInputException.class, assertThrows(RuntimeException.class,
                    () -> store.reclaim(null)).getClass());
        }
    }

    @Test
    void aReportTalliesCountsAndBytesPerKind() {
        CleanupReport r = new CleanupReport(Duration.ofHours(1), true, List.of(
                new Leftover(Leftover.Kind.MULTIPART_UPLOAD, "a?uploadId=1", 10, Duration.ofHours(2)),
                new Leftover(Leftover.Kind.MULTIPART_UPLOAD, "b?uploadId=2", 5, Duration.ofHours(3)),
                new Leftover(Leftover.Kind.LARGE_OBJECT_SEGMENTS, "c/u", 7, Duration.ofHours(4))));
        assertEquals(Map.of(Leftover.Kind.MULTIPART_UPLOAD, new CleanupReport.Tally(2, 15),
                Leftover.Kind.LARGE_OBJECT_SEGMENTS, new CleanupReport.Tally(1, 7)), r.byKind());
        assertEquals(22, r.totalBytes());
        assertEquals(InvalidInputException.class, assertThrows(RuntimeException.class,
                () -> new Leftover(Leftover.Kind.TEMPORARY_FILE, "x", -1, Duration.ZERO)).getClass());
        assertEquals(Duration.ZERO, Leftover.age(Instant.now().plusSeconds(60), Instant.now()), "clock skew");
    }

    @Nested
    class Filesystem {
        @TempDir
        Path tmp;

        @Test
        void staleTemporaryFilesAreFoundByAgeReportedByADryRunAndRemovedWithTheirDirectories() throws Exception {
            Path dir = tmp.resolve("data");
            try (ObjectStore store = ObjectStores.filesystem(dir)) {
                store.createContainerIfAbsent();
                store.put("a/b", GeneratedData.stream(3, 1000), 1000);
                Path old = temporaryFile(dir.resolve("a/b-" + UUID.randomUUID()), 300, Duration.ofMinutes(30));
                Path young = temporaryFile(dir.resolve("c/d/e-" + UUID.randomUUID()), 200, Duration.ZERO);

                List<Leftover> all = store.leftovers(Duration.ZERO).stream()
                        .sorted((x, y) -> x.id().compareTo(y.id())).toList();
                assertEquals(List.of(dir.relativize(old) + " 300", dir.relativize(young) + " 200"),
                        all.stream().map(l -> l.id() + " " + l.sizeBytes()).toList());
                assertTrue(all.stream().allMatch(l -> l.kind() == Leftover.Kind.TEMPORARY_FILE));
                assertTrue(all.get(0).age().compareTo(Duration.ofMinutes(30)) >= 0, all.toString());
                assertTrue(all.get(1).age().compareTo(Duration.ofMinutes(1)) < 0, all.toString());
                CleanupReport dry = store.cleanup(Duration.ofMinutes(10), true);
                assertEquals(List.of(dir.relativize(old).toString()), dry.leftovers().stream().map(Leftover::id)
                        .toList());
                assertEquals(Map.of(Leftover.Kind.TEMPORARY_FILE, new CleanupReport.Tally(1, 300)), dry.byKind());
                assertTrue(Files.exists(old), "a dry run removes nothing");

                store.cleanup(Duration.ofMinutes(10), false);
                assertFalse(Files.exists(old));
                assertTrue(Files.exists(young), "younger than the age given");
                store.cleanup(Duration.ZERO, false);
                assertFalse(Files.exists(dir.resolve("c")), "the directories it leaves empty go too");
                try (Stream<Path> files = Files.walk(dir)) {
                    assertEquals(List.of(dir, dir.resolve("a"), dir.resolve("a/b")), files.sorted().toList());
                }
                try (InputStream in = store.get("a/b")) {
                    assertArrayEquals(GeneratedData.sha256(3, 1000), GeneratedData.sha256(in));
                }
            }
        }

        @Test
        void reclaimTouchesNothingButTemporaryFilesInsideTheStore() throws Exception {
            Path dir = tmp.resolve("data");
            try (ObjectStore store = ObjectStores.filesystem(dir)) {
                store.createContainerIfAbsent();
                store.put("a/b", GeneratedData.stream(3, 10), 10);
                Path outside = temporaryFile(tmp.resolve("x-" + UUID.randomUUID()), 5, Duration.ZERO);
                for (Leftover bad : List.of(new Leftover(Leftover.Kind.TEMPORARY_FILE, "a/b", 10, Duration.ZERO),
                        new Leftover(Leftover.Kind.TEMPORARY_FILE, "../" + outside.getFileName(), 5, Duration.ZERO),
                        new Leftover(Leftover.Kind.MULTIPART_UPLOAD, "a/b?uploadId=1", 10, Duration.ZERO))) {
                    assertEquals(InvalidInputException.class, assertThrows(RuntimeException.class,
                            () -> store.reclaim(bad)).getClass(), bad.toString());
                }
                assertTrue(Files.exists(outside));
                assertTrue(store.exists("a/b"));
                store.reclaim(ANY); // gone already: not an error
            }
        }

        @Test
        void aPutInFlightInThisStoreIsNeverALeftover() throws Exception {
            Path dir = tmp.resolve("data");
            try (ObjectStore store = ObjectStores.filesystem(dir)) {
                store.createContainerIfAbsent();
                CountDownLatch reading = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                InputStream slow = new InputStream() {
                    private int sent;

                    @Override
                    public int read() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.InterruptedIOException {
                        if (sent >= 4096) {
                            reading.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                throw new java.io.InterruptedIOException();
                            }
                            return -1;
                        }
                        int n = Math.min(len, 4096 - sent);
                        sent += n;
                        return n;
                    }
                };
                Thread put = new Thread(() -> store.put("p/q", slow, -1));
                put.start();
                assertTrue(reading.await(10, TimeUnit.SECONDS));
                assertEquals(List.of(), store.leftovers(Duration.ZERO));
                assertEquals(List.of(), store.cleanup(Duration.ZERO, false).leftovers());
                release.countDown();
                put.join(10_000);
                assertEquals(4096, store.stat("p/q").sizeBytes(), "the put completed");
            }
        }

        @Test
        void aReplicatedStoreListsEachReplicasLeftoversAndReclaimsThemWhereTheyAre() throws Exception {
            Path d0 = tmp.resolve("r0");
            Path d1 = tmp.resolve("r1");
            try (ObjectStore store = ObjectStores.replicated(ReplicationSettings.builder()
                    .replica(ObjectStores.filesystem(d0)).replica(ObjectStores.filesystem(d1)).build())) {
                store.createContainerIfAbsent();
                store.put("a/b", GeneratedData.stream(3, 10), 10);
                Path on0 = temporaryFile(d0.resolve("a/b-" + UUID.randomUUID()), 30, Duration.ofMinutes(30));
                Path on1 = temporaryFile(d1.resolve("c/d-" + UUID.randomUUID()), 40, Duration.ofMinutes(30));
                List<String> ids = store.leftovers(Duration.ofMinutes(10)).stream().map(Leftover::id).sorted().toList();
                assertEquals(List.of("r0:" + d0.relativize(on0), "r1:" + d1.relativize(on1)), ids);
                for (Leftover foreign : List.of(new Leftover(Leftover.Kind.TEMPORARY_FILE, d0.relativize(on0).toString(),
                        30, Duration.ZERO), new Leftover(Leftover.Kind.TEMPORARY_FILE, "r7:x", 1, Duration.ZERO))) {
                    assertEquals(InvalidInputException.class, assertThrows(RuntimeException.class,
                            () -> store.reclaim(foreign)).getClass(), foreign.id());
                }
                CleanupReport report = store.cleanup(Duration.ofMinutes(10), false);
                assertEquals(Map.of(Leftover.Kind.TEMPORARY_FILE, new CleanupReport.Tally(2, 70)), report.byKind());
                assertFalse(Files.exists(on0) || Files.exists(on1));
                try (InputStream in = store.get("a/b")) {
                    assertArrayEquals(GeneratedData.sha256(3, 10), GeneratedData.sha256(in));
                }
            }
        }

        private Path temporaryFile(Path file, int size, Duration age) throws Exception {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[size]);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
            return file;
        }
    }
}
