package fr.coffre.core;

import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import fr.coffre.core.bench.BenchRuns;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench.sh registry}: the key registry on PostgreSQL ({@code registry-postgresql}, the test server's
 * fixture {@code PgTestServer}) against the directory backend, both with keystore custody, one registry each, in one
 * JVM. Measures, through the registry's API: new subjects per second ({@link KeyRegistry#prepareSubjectKeys} in
 * batches, interleaved repetitions, median/min/max); then fills PostgreSQL up to {@code subjects} entries; the lookup
 * latency of a data key not in the cache (the write path for a subject whose key exists: storage read and custody
 * unwrap) and in the cache (write and read paths), median and p99 in microseconds; and a master-key rotation over
 * every entry of each backend ({@link KeyRegistry#rotateMasterKey}), entries per second.
 *
 * <p>Arguments: {@code workDir subjects rateSubjects batch reps lookups}. Prints a table, then
 * {@code RATIO registry-postgresql-vs-directory-new-subjects} (PostgreSQL's median over the directory's).
 */
public final class RegistryBench {
    private static final String PG_FIXTURE = "fr.coffre.registry.postgresql.PgTestServer";
    private static final String[] BACKENDS = {"postgresql", "directory"};
    private final Map<String, List<Double>> rates = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final String runId;
    private final int batch;
    private final int[] next = new int[BACKENDS.length];

    private RegistryBench(int batch) {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        this.runId = HexFormat.of().formatHex(b);
        this.batch = batch;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[0])), "registry-");
        int subjects = Integer.parseInt(args[1]);
        int rateSubjects = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int reps = Integer.parseInt(args[4]);
        int lookups = Integer.parseInt(args[5]);
        RegistryBench bench = new RegistryBench(batch);
        String schema = "bench_" + bench.runId;
        int cache = Math.max(KeyRegistry.DEFAULT_CACHE_MAX_ENTRIES, lookups);
        try (KeyCustodian pgCustody = keystore(work.resolve("pg"));
                KeyCustodian dirCustody = keystore(work.resolve("dir"));
                KeyRegistry pg = RegistryWorker.registry("storage=" + PG_FIXTURE + ":" + schema, work.resolve("pg"))
                        .custodian(pgCustody).cacheMaxEntries(cache).build();
                KeyRegistry dir = KeyRegistry.builder()
                        .createIfMissing(true).directory(work.resolve("dir/registry")).custodian(dirCustody)
                        .cacheMaxEntries(cache).build()) {
            bench.run(new KeyRegistry[] {pg, dir}, subjects, rateSubjects, reps, lookups);
        } finally {
            Method drop = Class.forName(PG_FIXTURE).getDeclaredMethod("drop", String.class);
            drop.setAccessible(true);
            drop.invoke(null, schema);
        }
    }

    private static KeyCustodian keystore(Path dir) throws Exception {
        return KeystoreCustodian.builder()
                .createIfMissing(true).path(Files.createDirectories(dir).resolve("keystore.bcfks"))
                .password("bench-only-keystore-password".toCharArray()).build();
    }

    private void run(KeyRegistry[] registries, int subjects, int rateSubjects, int reps, int lookups) {
        int[] entries = new int[registries.length];
        for (int b = 0; b < registries.length; b++) { // JIT and pool warm-up, unrecorded
            entries[b] += insert(b, registries[b], Math.min(rateSubjects, 5 * batch));
        }
        for (int r = 1; r <= reps; r++) {
            System.err.println("repetition " + r + "/" + reps);
            for (int k = 0; k < registries.length; k++) {
                int b = (k + r) % registries.length; // alternate which backend goes first
                long t0 = System.nanoTime();
                entries[b] += insert(b, registries[b], rateSubjects);
                double rate = rateSubjects / seconds(t0);
                rates.computeIfAbsent(BACKENDS[b], x -> new ArrayList<>()).add(rate);
                System.err.printf(Locale.ROOT, "  %-10s %8.0f new subjects/s%n", BACKENDS[b], rate);
            }
        }
        int fill = Math.max(0, subjects - entries[0]);
        if (fill > 0) {
            System.err.println("filling postgresql with " + fill + " more subjects");
            long t0 = System.nanoTime();
            entries[0] += insert(0, registries[0], fill);
            lines.add(String.format(Locale.ROOT, "postgresql fill to %d entries: %.0f new subjects/s",
                    entries[0], fill / seconds(t0)));
        }
        for (int b = 0; b < registries.length; b++) {
            lookups(b, registries[b], Math.min(lookups, entries[b] / 2), entries[b]);
        }
        for (int b = 0; b < registries.length; b++) {
            long t0 = System.nanoTime();
            RotationReport report = registries[b].rotateMasterKey(RotationListener.NONE);
            double s = seconds(t0);
            if (report.entriesRewrapped() < entries[b]) {
                throw new IllegalStateException(BACKENDS[b] + ": rotation rewrapped " + report.entriesRewrapped()
                        + " entries, expected at least " + entries[b]);
            }
            lines.add(String.format(Locale.ROOT, "%s master-key rotation: %d entries visited, %d rewrapped in"
                    + " %.1f s: %.0f entries/s", BACKENDS[b], report.entriesVisited(), report.entriesRewrapped(), s,
                    report.entriesVisited() / s));
        }
        report(rateSubjects, reps);
    }

    /** Prepares {@code count} new subjects in batches; fails unless every one got a new data key. */
    private int insert(int backend, KeyRegistry registry, int count) {
        int created = 0;
        while (created < count) {
            int n = Math.min(batch, count - created);
            List<String> subjects = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                subjects.add(subject(backend, next[backend]++));
            }
            int made = registry.prepareSubjectKeys(subjects);
            if (made != n) {
                throw new IllegalStateException("prepareSubjectKeys created " + made + " keys, expected " + n);
            }
            created += n;
        }
        return created;
    }

    private String subject(int backend, int i) {
        return "bench-" + runId + "-" + backend + "-" + i;
    }

    /**
     * Latencies of {@code count} distinct existing subjects: first lookup (not cached: storage read, custody unwrap),
     * then the same keys again on the write and read paths (cached). Up to {@code count} other subjects of the
     * {@code entries} are looked up first, unrecorded (JIT warm-up of the read path).
     */
    private void lookups(int backend, KeyRegistry registry, int count, int entries) {
        for (int i = entries - 1; i >= Math.max(count, entries - count); i--) {
            registry.keyForWrite(true, subject(backend, i)).key().destroy();
        }
        long[] uncached = new long[count];
        long[] cachedWrite = new long[count];
        long[] cachedRead = new long[count];
        KeyRef[] refs = new KeyRef[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            KeyRegistry.Lease lease = registry.keyForWrite(true, subject(backend, i));
            uncached[i] = System.nanoTime() - t0;
            lease.key().destroy();
            refs[i] = lease.ref();
        }
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            KeyRegistry.Lease lease = registry.keyForWrite(true, subject(backend, i));
            cachedWrite[i] = System.nanoTime() - t0;
            lease.key().destroy();
            t0 = System.nanoTime();
            SecretBytes key = registry.keyForRead(refs[i]);
            cachedRead[i] = System.nanoTime() - t0;
            key.destroy();
        }
        latency(BACKENDS[backend] + " uncached keyForWrite", uncached);
        latency(BACKENDS[backend] + " cached keyForWrite", cachedWrite);
        latency(BACKENDS[backend] + " cached keyForRead", cachedRead);
    }

    private void latency(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1e3;
        double p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e3;
        lines.add(String.format(Locale.ROOT, "%-34s %8.1f us median %8.1f us p99 (%d lookups)", name, median, p99,
                sorted.length));
    }

    private void report(int rateSubjects, int reps) {
        System.out.printf(Locale.ROOT, "%nKey registry, keystore custody: %d new subjects per repetition in batches of"
                + " %d, %d interleaved repetitions; new subjects/s%n", rateSubjects, batch, reps);
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s%n", "backend", "median", "min", "max");
        rates.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-18s %10.0f %10.0f %10.0f%n", k,
                BenchRuns.median(v), v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                v.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "NEW-SUBJECTS-PER-S registry-postgresql %.0f%n",
                BenchRuns.median(rates.get("postgresql")));
        System.out.printf(Locale.ROOT, "RATIO registry-postgresql-vs-directory-new-subjects %.3f%n",
                BenchRuns.median(rates.get("postgresql")) / BenchRuns.median(rates.get("directory")));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
