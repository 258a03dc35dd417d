package fr.coffre.store.cleanup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.CleanupReport;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.Leftover;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A writer killed with SIGKILL in the middle of unknown-length uploads (one over a committed object, one of a new
 * name), in its own JVM: the store keeps what the backend keeps of them (subclasses say what), {@link
 * ObjectStore#leftovers} finds it, a dry run removes nothing, and {@link ObjectStore#cleanup} with age zero returns
 * the store's raw state (objects, segments, uploads, files: whatever the backend stores) to exactly what it was
 * before the writer started, the committed object intact.
 */
abstract class CleanupFaultContract {

    static final String COMMITTED = "cleanup/committed";
    static final String FRESH = "cleanup/fresh";

    protected ObjectStore store;
    protected String where;

    /** The backend. */
    protected abstract FaultStores kind();

    /** The container (or directory) of this run. */
    protected String where() {
        return "cleanup-fault-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Everything the backend holds for the container, raw (segments, uploads, temporary files included), sorted. */
    protected abstract List<String> rawState() throws Exception;

    /** The leftovers the killed writer is expected to leave, as kinds, one per upload; checked when polling too. */
    protected abstract List<Leftover.Kind> expectedLeftovers();

    @BeforeEach
    void openStore() {
        kind().require();
        where = where();
        store = kind().open(where);
        store.createContainerIfAbsent();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.delete(COMMITTED);
            store.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void cleanupReturnsTheStoreToItsCommittedObjectsAfterAWriterIsKilled() throws Exception {
        long committedSize = 2L * kind().partBytes + 17; // itself an unknown-length, multipart upload
        store.put(COMMITTED, GeneratedData.stream(7, committedSize), -1);
        List<String> before = rawState();
        assertEquals(List.of(), store.leftovers(Duration.ZERO), "nothing left before the writer runs");

        Process writer = startWriter();
        List<Leftover> left;
        try {
            awaitBlocked(writer);
            left = awaitLeftovers();
        } finally {
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no abort
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
        }
        List<String> killed = rawState();
        System.out.printf("CLEANUP-FAULT %s: raw entries before %d, after the kill %d; leftovers %s%n", kind(),
                before.size(), killed.size(), left);
        assertEquals(List.of(), store.leftovers(Duration.ofHours(1)), "every leftover is seconds old");

        CleanupReport dry = store.cleanup(Duration.ZERO, true);
        assertTrue(dry.dryRun());
        assertEquals(ids(left), ids(dry.leftovers()), "the dry run reports what is there");
        assertEquals(killed, rawState(), "a dry run removes nothing");

        CleanupReport done = store.cleanup(Duration.ZERO, false);
        assertEquals(ids(left), ids(done.leftovers()));
        assertEquals(expectedLeftovers().size(), done.byKind().values().stream().mapToInt(t -> t.count()).sum());
        assertTrue(done.totalBytes() >= 3L * kind().partBytes * expectedLeftovers().size(), "report: " + done);
        assertEquals(before, rawState(), "cleanup leaves exactly the committed objects");
        assertEquals(List.of(), store.leftovers(Duration.ZERO));

        assertEquals(List.of(COMMITTED), store.list("", null, 1000).objects().stream().map(ObjectInfo::name)
                .toList());
        try (InputStream in = store.get(COMMITTED)) {
            assertArrayEquals(GeneratedData.sha256(7, committedSize), GeneratedData.sha256(in));
        }
    }

    private Process startWriter() throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledWriter.class.getName(), kind().name(), where,
                COMMITTED, FRESH).redirectErrorStream(true).start();
    }

    private static void awaitBlocked(Process writer) throws Exception {
        Set<String> blocked = new HashSet<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while (blocked.size() < 2 && (line = out.readLine()) != null) {
            if (line.startsWith("BLOCKED ")) {
                blocked.add(line.substring(8));
            }
        }
        assertEquals(Set.of(COMMITTED, FRESH), blocked, "the writer never got both uploads going");
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the writer is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    /** Polls until the expected leftovers hold three parts each (the parts in flight are then up). */
    private List<Leftover> awaitLeftovers() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Leftover> left;
        do {
            left = store.leftovers(Duration.ZERO);
            if (left.stream().map(Leftover::kind).sorted().toList().equals(expectedLeftovers())
                    && left.stream().allMatch(l -> l.sizeBytes() >= 3L * kind().partBytes)) {
                return left;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected leftovers " + expectedLeftovers() + " of 3 parts each, found " + left);
    }

    private static Set<String> ids(List<Leftover> leftovers) {
        Set<String> ids = new HashSet<>();
        leftovers.forEach(l -> ids.add(l.kind() + " " + l.id()));
        return ids;
    }
}
