package fr.coffre.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.core.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector through the Hadoop FileSystem API, on the embedded filesystem store and development keystore. */
class CoffreFileSystemTest {
    /** Not a multiple of the segment size, so the last segment is partial. */
    private static final int SIZE = 25 * FsFixture.SEGMENT + 1234;

    private static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    /** One store, keystore, registry and file system for the class (opening them is the slow part). */
    @TempDir
    static java.nio.file.Path work;
    static CoffreFileSystem fs;
    static byte[] data;
    /** Each test works under its own directory of the one vault. */
    String root;

    @BeforeAll
    static void open() throws IOException {
        fs = FsFixture.open(FsFixture.conf(work));
        data = new byte[SIZE];
        new Random(42).nextBytes(data);
    }

    @AfterAll
    static void close() throws IOException {
        fs.close();
    }

    @BeforeEach
    void root() {
        root = "t" + TESTS.incrementAndGet();
    }

    /** How many records of the file system's audit trail so far have one of {@code actions}. */
    private static long audited(String... actions) throws IOException {
        java.nio.file.Path trail;
        try (Stream<java.nio.file.Path> dirs = Files.list(work.resolve("registry/audit"))) {
            trail = dirs.filter(d -> d.getFileName().toString().startsWith("hadoop-")).sorted().findFirst()
                    .orElseThrow();
        }
        try (Stream<String> lines = Files.lines(trail.resolve("audit-000001.jsonl"))) {
            return lines.filter(l -> Arrays.stream(actions).anyMatch(a -> l.contains("\"action\":\"" + a + "\"")))
                    .count();
        }
    }

    /** {@code path} under this test's directory. */
    private Path p(String path) {
        return new Path("/" + root + path);
    }

    private Path write(String path, byte[] content) throws IOException {
        Path p = p(path);
        try (FSDataOutputStream out = fs.create(p, true)) {
            for (int off = 0; off < content.length; ) {   // odd-sized writes, crossing chunk boundaries
                int n = Math.min(content.length - off, 1 + off % 7919);
                out.write(content, off, n);
                off += n;
            }
        }
        return p;
    }

    private byte[] readAll(Path p) throws IOException {
        try (FSDataInputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    @Nested
    class CreateAndOpen {
        @Test
        void whatIsWrittenReadsBackByteForByte() throws IOException {
            Path p = write("/cohort/2026/records.bin", data);
            assertArrayEquals(data, readAll(p));
        }

        @Test
        void anEmptyFileReadsBackEmpty() throws IOException {
            Path p = write("/empty.bin", new byte[0]);
            assertEquals(0, readAll(p).length);
            assertEquals(0, fs.getFileStatus(p).getLen());
        }

        @Test
        void theStoreHoldsNeitherThePlaintextNorTheName() throws IOException {
            byte[] text = "{\"resourceType\":\"Observation\",\"subject\":\"pat-4242\"}\n".repeat(500)
                    .getBytes(StandardCharsets.UTF_8);
            write("/fhir/pat-4242/observations.ndjson", text);
            try (Stream<java.nio.file.Path> files = Files.walk(work.resolve("store"))) {
                for (java.nio.file.Path f : files.filter(Files::isRegularFile).toList()) {
                    String stored = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertFalse(stored.contains("resourceType"), "plaintext in " + f);
                    assertFalse(f.toString().contains("pat-4242"), "logical name in the store: " + f);
                    assertFalse(f.toString().contains("observations"), "logical name in the store: " + f);
                }
            }
        }

        @Test
        void withoutOverwriteAnExistingFileIsRefused() throws IOException {
            Path p = write("/a.bin", data);
            assertThrows(FileAlreadyExistsException.class, () -> fs.create(p, false));
        }

        @Test
        void overAnExistingDirectoryIsRefused() throws IOException {
            write("/dir/a.bin", data);
            assertThrows(FileAlreadyExistsException.class, () -> fs.create(p("/dir"), true));
        }

        @Test
        void underAFileIsRefused() throws IOException {
            write("/a.bin", data);
            assertThrows(org.apache.hadoop.fs.ParentNotDirectoryException.class,
                    () -> fs.create(p("/a.bin/b.bin"), true));
        }

        @Test
        void openingAMissingFileIsFileNotFoundWithoutThePath() throws IOException {
            FileNotFoundException e = assertThrows(FileNotFoundException.class,
                    () -> fs.open(p("/patients/pat-001.json")));
            assertFalse(e.getMessage().contains("pat-001"), e.getMessage());
        }

        @Test
        void appendIsUnsupported() throws IOException {
            Path p = write("/a.bin", data);
            assertThrows(UnsupportedOperationException.class, () -> fs.append(p));
        }

        @Test
        void aReadAfterCloseFails() throws IOException {
            Path p = write("/a.bin", data);
            FSDataInputStream in = fs.open(p);
            in.close();
            assertThrows(IOException.class, in::read);
        }
    }

    @Nested
    class Seek {
        @Test
        void randomOffsetsReadTheSameBytesAsThePlaintext() throws IOException {
            Path p = write("/a.bin", data);
            Random r = new Random(7);
            try (FSDataInputStream in = fs.open(p)) {
                for (int i = 0; i < 100; i++) {
                    int at = r.nextInt(SIZE);
                    int len = Math.min(SIZE - at, 1 + r.nextInt(3 * FsFixture.SEGMENT));
                    in.seek(at);
                    byte[] got = new byte[len];
                    in.readFully(got);
                    assertArrayEquals(Arrays.copyOfRange(data, at, at + len), got, "at " + at + " len " + len);
                    assertEquals(at + len, in.getPos());
                }
            }
        }

        @Test
        void toTheEndReadsEndOfFileAndPastItFails() throws IOException {
            Path p = write("/a.bin", data);
            try (FSDataInputStream in = fs.open(p)) {
                in.seek(SIZE);
                assertEquals(-1, in.read());
                assertThrows(EOFException.class, () -> in.seek(SIZE + 1));
                assertThrows(EOFException.class, () -> in.seek(-1));
            }
        }

        @Test
        void backwardsAfterReadingToTheEndRereads() throws IOException {
            Path p = write("/a.bin", data);
            try (FSDataInputStream in = fs.open(p)) {
                in.readAllBytes();
                in.seek(FsFixture.SEGMENT - 3);
                assertEquals(data[FsFixture.SEGMENT - 3] & 0xff, in.read());
            }
        }
    }

    /** S3A's adaptive policy: one store read for a sequential pass, segment fetches once the reader seeks around. */
    @Nested
    class InputPolicy {
        /** Reads of the store so far: whole-object and ranged gets, as the audit trail records them. */
        private long storeReads() throws IOException {
            return audited("get-range", "get");
        }

        private long bytesRead() {
            return FileSystem.getStatistics(CoffreFileSystem.SCHEME, CoffreFileSystem.class).getBytesRead();
        }

        @Test
        void aSequentialPassInSmallReadsIsOneStoreRead() throws IOException {
            Path p = write("/a.bin", data);
            long before = storeReads();
            byte[] got = new byte[SIZE];
            try (FSDataInputStream in = fs.open(p)) {
                for (int off = 0; off < SIZE; ) {
                    off += in.read(got, off, Math.min(SIZE - off, 1000));
                }
                assertEquals(-1, in.read());
            }
            assertArrayEquals(data, got);
            assertEquals(1, storeReads() - before);
        }

        @Test
        void aShortForwardSeekReadsOnThroughTheSameStoreRead() throws IOException {
            Path p = write("/a.bin", data);
            long before = storeReads();
            try (FSDataInputStream in = fs.open(p)) {
                in.readFully(new byte[100]);
                for (int at = 5 * FsFixture.SEGMENT + 3; at < SIZE - 10; at += 5 * FsFixture.SEGMENT) {
                    in.seek(at);
                    byte[] got = new byte[10];
                    in.readFully(got);
                    assertArrayEquals(Arrays.copyOfRange(data, at, at + 10), got, "at " + at);
                }
            }
            assertEquals(1, storeReads() - before);
        }

        @Test
        void afterASeekBackwardsAReadFetchesOnlyItsSegment() throws IOException {
            Path p = write("/a.bin", data);
            try (FSDataInputStream in = fs.open(p)) {
                in.seek(SIZE - 8);
                in.readFully(new byte[8]);
                long reads = storeReads();
                long bytes = bytesRead();
                in.seek(10 * FsFixture.SEGMENT + 5);
                byte[] got = new byte[10];
                in.readFully(got);
                assertArrayEquals(Arrays.copyOfRange(data, 10 * FsFixture.SEGMENT + 5, 10 * FsFixture.SEGMENT + 15), got);
                assertEquals(1, storeReads() - reads);
                assertEquals(FsFixture.SEGMENT, bytesRead() - bytes);
                in.seek(20 * FsFixture.SEGMENT);   // forward again: still one segment, random for good
                in.readFully(got);
                assertEquals(2 * FsFixture.SEGMENT, bytesRead() - bytes);
            }
        }

        @Test
        void aFlippedByteMidObjectFailsTheSequentialPassReleasingNothingOfItsSegment() throws IOException {
            Path p = write("/a.bin", data);
            java.nio.file.Path stored;
            try (Stream<java.nio.file.Path> files = Files.walk(work.resolve("store"))) {
                stored = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .max(java.util.Comparator.comparingLong(f -> f.toFile().lastModified())).orElseThrow();
            }
            byte[] cipher = Files.readAllBytes(stored);
            int segments = (SIZE + FsFixture.SEGMENT - 1) / FsFixture.SEGMENT;
            int prefix = cipher.length - SIZE - 16 * segments;   // FORMAT.md §2: header, metadata, S + 16 per segment
            int tampered = 12;
            cipher[prefix + tampered * (FsFixture.SEGMENT + 16) + 100] ^= 1;
            Files.write(stored, cipher);
            java.io.ByteArrayOutputStream released = new java.io.ByteArrayOutputStream();
            IOException e = assertThrows(IOException.class, () -> {
                try (FSDataInputStream in = fs.open(p)) {
                    byte[] chunk = new byte[1000];
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        released.write(chunk, 0, n);
                    }
                }
            });
            assertInstanceOf(fr.coffre.crypto.TamperedObjectException.class, e.getCause());
            byte[] out = released.toByteArray();
            assertTrue(out.length <= tampered * FsFixture.SEGMENT, out.length + " bytes released");
            assertArrayEquals(Arrays.copyOf(data, out.length), out);
        }
    }

    @Nested
    class PositionedRead {
        @Test
        void rangesAcrossSegmentBoundariesMatchAndLeaveThePosition() throws IOException {
            Path p = write("/a.bin", data);
            try (FSDataInputStream in = fs.open(p)) {
                in.seek(100);
                for (int k = 1; k < 25; k++) {
                    int at = k * FsFixture.SEGMENT - 17;
                    byte[] got = new byte[17 + k * 101];
                    in.readFully(at, got);
                    assertArrayEquals(Arrays.copyOfRange(data, at, at + got.length), got, "at " + at);
                }
                assertEquals(100, in.getPos());
                assertEquals(data[100] & 0xff, in.read());
            }
        }

        @Test
        void fromSeveralThreadsAtOnceEachGetTheirBytes() throws Exception {
            Path p = write("/a.bin", data);
            try (FSDataInputStream in = fs.open(p)) {
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
                try {
                    List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        int seed = t;
                        results.add(pool.submit(() -> {
                            Random r = new Random(seed);
                            for (int i = 0; i < 10; i++) {
                                int at = r.nextInt(SIZE - 3 * FsFixture.SEGMENT);
                                byte[] got = new byte[2 * FsFixture.SEGMENT + 7];
                                in.readFully(at, got);
                                if (!Arrays.equals(Arrays.copyOfRange(data, at, at + got.length), got)) {
                                    return false;
                                }
                            }
                            return true;
                        }));
                    }
                    for (java.util.concurrent.Future<Boolean> f : results) {
                        assertTrue(f.get());
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }

        @Test
        void theLastBytesAreReadAsAFooterReaderDoes() throws IOException {
            Path p = write("/a.bin", data);
            try (FSDataInputStream in = fs.open(p)) {
                byte[] footer = new byte[8];
                in.readFully(SIZE - 8, footer);
                assertArrayEquals(Arrays.copyOfRange(data, SIZE - 8, SIZE), footer);
                assertThrows(EOFException.class, () -> in.readFully(SIZE - 4, new byte[8]));
                assertEquals(-1, in.read(SIZE, new byte[1], 0, 1));
            }
        }
    }

    @Nested
    class Status {
        @Test
        void filesHavePlaintextLengthsAndDirectoriesAreInferred() throws IOException {
            write("/cohort/a.bin", data);
            write("/cohort/b.bin", Arrays.copyOf(data, 10));
            write("/cohort/2026/c.bin", Arrays.copyOf(data, 3));
            FileStatus[] listed = fs.listStatus(p("/cohort"));
            assertEquals(List.of("2026", "a.bin", "b.bin"), Arrays.stream(listed).map(s -> s.getPath().getName()).toList());
            assertTrue(listed[0].isDirectory());
            assertEquals(SIZE, listed[1].getLen());
            assertEquals(10, listed[2].getLen());
            assertEquals(new Path("coffre://" + FsFixture.VAULT + "/" + root + "/cohort/a.bin"), listed[1].getPath());
            assertTrue(fs.getFileStatus(p("/cohort/2026")).isDirectory());
            assertEquals(3, fs.getFileStatus(p("/cohort/2026/c.bin")).getLen());
            assertTrue(fs.getFileStatus(new Path("/")).isDirectory());
        }

        @Test
        void aMissingPathIsFileNotFound() {
            assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(p("/nothing")));
            assertThrows(FileNotFoundException.class, () -> fs.listStatus(p("/nothing")));
        }

        @Test
        void mkdirsMakesAnEmptyDirectoryWhoseMarkerIsHidden() throws IOException {
            assertTrue(fs.mkdirs(p("/out/run-1")));
            assertTrue(fs.getFileStatus(p("/out/run-1")).isDirectory());
            assertEquals(0, fs.listStatus(p("/out/run-1")).length);
            assertEquals(1, fs.listStatus(p("/out")).length);
        }

        @Test
        void mkdirsOverAFileIsRefused() throws IOException {
            write("/a.bin", data);
            assertThrows(FileAlreadyExistsException.class, () -> fs.mkdirs(p("/a.bin")));
        }
    }

    @Nested
    class Delete {
        @Test
        void aFileIsGone() throws IOException {
            Path p = write("/a.bin", data);
            assertTrue(fs.delete(p, false));
            assertFalse(fs.exists(p));
        }

        @Test
        void aNonEmptyDirectoryNeedsRecursive() throws IOException {
            write("/dir/a.bin", data);
            write("/dir/sub/b.bin", data);
            assertThrows(PathIsNotEmptyDirectoryException.class, () -> fs.delete(p("/dir"), false));
            assertTrue(fs.delete(p("/dir"), true));
            assertFalse(fs.exists(p("/dir")));
            assertFalse(fs.exists(p("/dir/sub/b.bin")));
        }

        @Test
        void anEmptyDirectoryNeedsNoRecursive() throws IOException {
            fs.mkdirs(p("/empty"));
            assertTrue(fs.delete(p("/empty"), false));
            assertFalse(fs.exists(p("/empty")));
        }

        @Test
        void aMissingPathIsFalse() throws IOException {
            assertFalse(fs.delete(p("/nothing"), true));
        }
    }

    @Nested
    class Rename {
        @Test
        void aFileIsReEncryptedUnderItsNewName() throws IOException {
            Path p = write("/a.bin", data);
            String oldStoreName = fs.coffre().storeName(root + "/a.bin");
            assertTrue(fs.rename(p, p("/b.bin")));
            assertFalse(fs.exists(p));
            assertArrayEquals(data, readAll(p("/b.bin")));
            assertNotEquals(oldStoreName, fs.coffre().storeName(root + "/b.bin"));
        }

        @Test
        void aDirectoryMovesWithEverythingUnderIt() throws IOException {
            write("/job/_temporary/0/part-0", data);
            write("/job/_temporary/0/sub/part-1", Arrays.copyOf(data, 5));
            fs.mkdirs(p("/out"));
            assertTrue(fs.rename(p("/job/_temporary/0"), p("/out/result")));
            assertArrayEquals(data, readAll(p("/out/result/part-0")));
            assertEquals(5, fs.getFileStatus(p("/out/result/sub/part-1")).getLen());
            assertFalse(fs.exists(p("/job/_temporary/0")));
        }

        @Test
        void aCommittersMovesCopyTheCiphertextInsteadOfReEncrypting() throws IOException {
            String attempt = "/out/_temporary/0/_temporary/attempt_202612031200_0001_m_000000_0";
            String task = "/out/_temporary/0/task_202612031200_0001_m_000000";
            write(attempt + "/part-0", data);
            fs.coffre().put(root + attempt + "/patient.json", new ByteArrayInputStream(new byte[] {7}),
                    PutOptions.builder().subject("pat-003").build());   // its subject's key moves with it
            byte[] ciphertext = storedBytes(attempt + "/part-0");
            long puts = audited("put");
            long copies = audited("copy");
            assertTrue(fs.rename(p(attempt), p(task)));                         // task commit (algorithm 1)
            assertTrue(fs.rename(p(task + "/part-0"), p("/out/part-0")));       // job commit
            assertTrue(fs.rename(p(task + "/patient.json"), p("/out/patient.json")));
            assertEquals(puts, audited("put"), "nothing is re-encrypted");
            assertEquals(copies + 4, audited("copy"));
            assertArrayEquals(data, readAll(p("/out/part-0")));
            assertArrayEquals(ciphertext, storedBytes("/out/part-0"));
            assertArrayEquals(new byte[] {7}, readAll(p("/out/patient.json")));
            assertFalse(fs.exists(p(attempt)));
            assertFalse(fs.exists(p(task + "/part-0")));
        }

        @Test
        void outOfTheCommittersTreeAnObjectIsReEncrypted() throws IOException {
            String task = "/out/_temporary/0/task_202612031200_0001_m_000000";
            write(task + "/part-0", data);
            long copies = audited("copy");
            assertTrue(fs.rename(p(task + "/part-0"), p("/out/other-0")));
            assertEquals(copies, audited("copy"));
            assertArrayEquals(data, readAll(p("/out/other-0")));
        }

        private byte[] storedBytes(String path) throws IOException {
            try (fr.coffre.store.ObjectStore store = fr.coffre.store.ObjectStores.open(fr.coffre.store.StoreUri.parse(
                    "file://" + work.resolve("store").toAbsolutePath()));
                    java.io.InputStream in = store.get(fs.coffre().storeName(root + path))) {
                return in.readAllBytes();
            }
        }

        @Test
        void intoAnExistingDirectoryKeepsTheName() throws IOException {
            Path p = write("/a.bin", data);
            fs.mkdirs(p("/dir"));
            assertTrue(fs.rename(p, p("/dir")));
            assertArrayEquals(data, readAll(p("/dir/a.bin")));
        }

        @Test
        void ontoAnExistingFileOrFromAMissingOneIsFalse() throws IOException {
            Path a = write("/a.bin", data);
            Path b = write("/b.bin", new byte[3]);
            assertFalse(fs.rename(a, b));
            assertFalse(fs.rename(p("/missing"), p("/c.bin")));
            assertArrayEquals(data, readAll(a));
            assertEquals(3, fs.getFileStatus(b).getLen());
        }

        @Test
        void anObjectTheConnectorDidNotWriteIsRefusedAndStays() throws IOException {
            fs.coffre().put(root + "/patients/pat-001.json", new ByteArrayInputStream(data),
                    PutOptions.builder().subject("pat-001").build());
            RenameRefusedException e = assertThrows(RenameRefusedException.class,
                    () -> fs.rename(p("/patients/pat-001.json"), p("/elsewhere.json")));
            assertFalse(e.getMessage().contains("pat-001"), e.getMessage());
            assertArrayEquals(data, readAll(p("/patients/pat-001.json")));
            assertFalse(fs.exists(p("/elsewhere.json")));
        }

        @Test
        void aRefusedDirectoryRenameRemovesThePartialCopies() throws IOException {
            write("/dir/a.bin", data);
            fs.coffre().put(root + "/dir/z.json", new ByteArrayInputStream(data),
                    PutOptions.builder().subject("pat-002").build());
            assertThrows(RenameRefusedException.class, () -> fs.rename(p("/dir"), p("/moved")));
            assertFalse(fs.exists(p("/moved")));
            assertArrayEquals(data, readAll(p("/dir/a.bin")));
        }
    }

    @Nested
    class Checksum {
        @Test
        void isTheSha256OfThePlaintextEqualForEqualContents() throws Exception {
            Path a = write("/a.bin", data);
            Path b = write("/other/b.bin", data);
            Path c = write("/c.bin", Arrays.copyOf(data, SIZE - 1));
            FileChecksum ca = fs.getFileChecksum(a);
            assertEquals(PlaintextChecksum.ALGORITHM, ca.getAlgorithmName());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), ca.getBytes());
            assertEquals(ca, fs.getFileChecksum(b));
            assertNotEquals(ca, fs.getFileChecksum(c));
        }

        @Test
        void ofADirectoryIsNullAndOfAMissingFileNotFound() throws IOException {
            write("/dir/a.bin", data);
            assertNull(fs.getFileChecksum(p("/dir")));
            assertThrows(FileNotFoundException.class, () -> fs.getFileChecksum(p("/missing")));
        }
    }

    @Nested
    class Audit {
        @Test
        void everyAccessIsInTheInstancesOwnTrailWithPrincipalAndReasonButNoName() throws IOException {
            Path p = write("/patients/pat-777/Observation.ndjson", data);
            readAll(p);
            fs.getFileStatus(p);
            // the trail is still open (its final checkpoint comes at close): every record so far must verify
            fr.coffre.core.audit.AuditReport report = fs.coffre().verifyAuditTrail();
            assertTrue(report.total() > 0 && report.valid() == report.total(), report.summary());
            java.nio.file.Path trail;
            try (Stream<java.nio.file.Path> dirs = Files.list(work.resolve("registry/audit"))) {
                trail = dirs.filter(d -> d.getFileName().toString().startsWith("hadoop-")).sorted().findFirst()
                        .orElseThrow();
            }
            String lines = Files.readString(trail.resolve("audit-000001.jsonl"));
            assertTrue(lines.contains("\"action\":\"put\""), lines);
            assertTrue(lines.contains("\"action\":\"get\""), lines);   // a pass from the start: a whole-object get
            assertTrue(lines.contains("\"principal\":\"test-researcher\""), lines);
            assertTrue(lines.contains("\"reason\":\"research: unit test\""), lines);
            assertFalse(lines.contains("pat-777"), "a logical name in the audit trail");
        }
    }

    @Nested
    class Settings {
        @Test
        void theSchemeIsFoundWithoutAnImplKey() throws IOException {
            try (FileSystem found = FileSystem.newInstance(URI.create("coffre://" + FsFixture.VAULT + "/"),
                    FsFixture.conf(work))) {
                assertInstanceOf(CoffreFileSystem.class, found);
            }
        }

        @Test
        void aSecretInTheConfigurationIsRefusedWithoutItsValue() {
            Configuration conf = FsFixture.conf(work);
            conf.set("fs.coffre.keystore.password", "hunter2");
            IOException e = assertThrows(IOException.class, () -> FsFixture.open(conf));
            assertInstanceOf(InvalidInputException.class, e.getCause());
            assertTrue(e.getMessage().contains("fs.coffre.keystore.password"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }

        @Test
        void aMissingRegistryIsRefusedWithoutRegistryCreateAndNothingIsCreated() {
            Configuration conf = FsFixture.conf(work);
            conf.unset("fs.coffre.registry.create");
            conf.set("fs.coffre.registry.dir", work.resolve("moved-registry").toString());
            IOException e = assertThrows(IOException.class, () -> FsFixture.open(conf));
            assertInstanceOf(fr.coffre.core.RegistryNotFoundException.class, e.getCause());
            assertFalse(Files.exists(work.resolve("moved-registry")));
            conf.set("fs.coffre.custody.uri", "keystore:" + work.resolve("typo/keystore.bcfks"));
            IOException keystore = assertThrows(IOException.class, () -> FsFixture.open(conf));
            assertInstanceOf(fr.coffre.custody.KeystoreNotFoundException.class, keystore.getCause());
            assertFalse(Files.exists(work.resolve("typo")));
        }

        @Test
        void anUnknownKeyIsRefused() {
            Configuration conf = FsFixture.conf(work);
            conf.set("fs.coffre.store.url", "file:///tmp/x");
            IOException e = assertThrows(IOException.class, () -> FsFixture.open(conf));
            assertTrue(e.getMessage().contains("fs.coffre.store.url: unknown key"), e.getMessage());
        }

        @Test
        void aMissingStoreIsNamed() {
            Configuration conf = FsFixture.conf(work);
            conf.unset("fs.coffre.store.uri");
            IOException e = assertThrows(IOException.class, () -> FsFixture.open(conf));
            assertTrue(e.getMessage().startsWith("fs.coffre.store.uri: must be set"), e.getMessage());
        }

        @Test
        void aPerVaultKeyWins() throws IOException {
            Configuration conf = FsFixture.conf(work);
            conf.set("fs.coffre.store.uri", "file:///nonexistent/never-used");
            conf.set("fs.coffre.vault." + FsFixture.VAULT + ".store.uri", "file://" + work.resolve("store2"));
            try (CoffreFileSystem other = FsFixture.open(conf)) {
                other.mkdirs(p("/x"));
            }
            assertTrue(Files.isDirectory(work.resolve("store2")));
        }
    }
}
