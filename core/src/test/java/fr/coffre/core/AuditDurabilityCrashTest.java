package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.CoffreException;
import fr.coffre.core.audit.AuditDurability;
import fr.coffre.core.audit.AuditProblem.Reason;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.core.audit.DirectoryAuditSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded audit durability (AuditDurability): records are neither lost by a killed process nor dropped or
 * reordered under concurrency, and the flusher ends with the sink.
 */
class AuditDurabilityCrashTest {
    @TempDir
    Path tmp;
    private Path keys;
    private Path trail;

    @BeforeEach
    void custody() {
        keys = tmp.resolve("keys");
        trail = tmp.resolve("audit");
        try (TestCustody custody = TestCustody.keystore(keys)) {
            custody.createKey(KeyRegistry.DEFAULT_MASTER_KEY_ID);
        }
    }

    private DirectoryAuditSink sink(TestCustody custody, AuditDurability durability) {
        return DirectoryAuditSink.builder().directory(trail).custodian(custody)
                .masterKeyId(KeyRegistry.DEFAULT_MASTER_KEY_ID).checkpointEvery(100).durability(durability).build();
    }

    private static AuditRecord get(int i) {
        return AuditRecord.event("alice", "get", "v1", "memory", "p1.o" + i, null, "care", AuditRecord.OK);
    }

    @Nested
    class ProcessKilled {
        @Test
        void sigkillLosesNoRecordWhoseAppendReturned() throws Exception {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Writer.class.getName(), keys.toString(), trail.toString())
                    .redirectErrorStream(true).start();
            long lastReturned = 0;
            List<String> output = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("RETURNED ")) {
                        lastReturned = Long.parseLong(line.substring(9));
                        if (lastReturned >= 500) {
                            p.destroyForcibly();
                            break;
                        }
                    }
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "writer did not die");
            assertEquals(500, lastReturned, String.join("\n", output));
            try (TestCustody custody = TestCustody.keystore(keys)) {
                AuditReport report = AuditVerifier.verify(trail, custody);
                assertEquals(1, report.problems().size(), report.problems().toString());
                assertEquals(Reason.TRUNCATED, report.first().orElseThrow().reason());
                assertEquals(report.total(), report.valid(), report.summary());
                assertTrue(report.total() >= 500, "returned records present: " + report.summary());
                try (DirectoryAuditSink reopened = sink(custody, AuditDurability.DEFAULT)) {
                    assertEquals(report.total() + 1, reopened.append(get(0)).seq(), "the chain continues");
                }
                assertTrue(AuditVerifier.verify(trail, custody).ok(), AuditVerifier.verify(trail, custody).problems()
                        .toString());
            }
        }
    }

    /** The child process: appends data accesses under the default durability, printing each returned seq. */
    public static final class Writer {
        public static void main(String[] args) {
            try (TestCustody custody = TestCustody.keystore(Path.of(args[0]));
                 DirectoryAuditSink sink = DirectoryAuditSink.builder().directory(Path.of(args[1]))
                         .custodian(custody).masterKeyId(KeyRegistry.DEFAULT_MASTER_KEY_ID).checkpointEvery(100)
                         .durability(AuditDurability.DEFAULT).build()) {
                for (int i = 1; ; i++) {
                    long seq = sink.append(get(i)).seq();
                    System.out.println("RETURNED " + i);
                    System.out.flush();
                    if (seq < i) {
                        throw new IllegalStateException("seq went backwards");
                    }
                }
            }
        }
    }

    @Nested
    class Concurrency {
        @Test
        void fourWritersLoseNothingAndEverySeqIsDistinct() throws Exception {
            int perThread = 500;
            Set<Long> seqs = new HashSet<>();
            try (TestCustody custody = TestCustody.keystore(keys);
                 DirectoryAuditSink sink = sink(custody, AuditDurability.bounded(Duration.ofMillis(2)))) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(() -> {
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            mine.add(sink.append(get(i)).seq());
                        }
                        return mine;
                    }));
                }
                for (Future<List<Long>> f : futures) {
                    seqs.addAll(f.get(60, TimeUnit.SECONDS));
                }
                pool.shutdown();
            }
            assertEquals(4 * perThread, seqs.size(), "distinct sequence numbers");
            try (TestCustody custody = TestCustody.keystore(keys)) {
                AuditReport report = AuditVerifier.verify(trail, custody);
                assertTrue(report.ok(), report.problems().toString());
                long checkpoints = 4 * perThread / 99 + 1;
                assertTrue(report.valid() >= 4 * perThread + checkpoints, report.summary());
            }
        }
    }

    @Nested
    class Close {
        @Test
        void theFlusherEndsWithTheSinkAndLaterAppendsFail() throws Exception {
            try (TestCustody custody = TestCustody.keystore(keys)) {
                long before = flushers();
                DirectoryAuditSink sink = sink(custody, AuditDurability.DEFAULT);
                sink.append(get(1));
                assertEquals(before + 1, flushers(), "a bounded sink runs its flusher");
                sink.close();
                assertEquals(before, flushers(), "close stops the flusher");
                CoffreException e = assertThrows(CoffreException.class, () -> sink.append(get(2)));
                assertTrue(e.getMessage().endsWith(": closed"), e.getMessage());
                assertTrue(AuditVerifier.verify(trail, custody).ok());
            }
        }

        @Test
        void aPerRecordSinkRunsNoFlusher() {
            long before = flushers();
            try (TestCustody custody = TestCustody.keystore(keys);
                 DirectoryAuditSink sink = sink(custody, AuditDurability.perRecord())) {
                sink.append(get(1));
                assertEquals(before, flushers());
            }
        }

        /** Live flushers in this JVM (other tests' sinks may still hold theirs; tests here run one at a time). */
        private long flushers() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("coffre-audit-flusher") && t.isAlive()).count();
        }
    }
}
