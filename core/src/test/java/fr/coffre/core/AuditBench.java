package fr.coffre.core;

import fr.coffre.core.bench.BenchRuns;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench.sh audit}: small records ({@code recordBytes}, default 4 KiB) put and read back through
 * {@link Coffre} on the embedded default (filesystem store, local keystore) with the audit trail (every call appends a
 * chained, HMAC-authenticated record, under the default bounded durability) and without it (the package-private
 * benchmark switch), on one shared registry and custody, and with per-record durability (every append awaits its
 * fsync; a second registry and its own store on the same file system, same custody), in interleaved repetitions. The
 * filesystem store is the fastest store there is, so this is the trail's worst relative cost. Prints records/s (median, min, max) and RATIO lines on the medians.
 *
 * <p>Arguments: {@code workDir records recordBytes threads reps}.
 */
public final class AuditBench {
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private int rounds;

    private AuditBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[0])), "audit-");
        int records = Integer.parseInt(args[1]);
        int recordBytes = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int reps = Integer.parseInt(args[4]);
        byte[] record = new byte[recordBytes];
        new SecureRandom().nextBytes(record);
        AuditBench bench = new AuditBench();
        try (KeyCustodian custody = KeystoreCustodian.builder()
                .createIfMissing(true).path(work.resolve("keystore.bcfks"))
                .password("bench-only-keystore-password".toCharArray()).build();
                ObjectStore store = ObjectStores.filesystem(work.resolve("store"));
                KeyRegistry registry = KeyRegistry.builder()
                        .createIfMissing(true).custodian(custody).directory(work.resolve("registry"))
                        .build();
                Coffre on = Coffre.builder().store(store).keyRegistry(registry).vaultId("bench").principal("bench")
                        .reason("benchmark").build();
                Coffre off = Coffre.builder().store(store).keyRegistry(registry).vaultId("bench").principal("bench")
                        .reason("benchmark").withoutAuditForBenchmark().build();
                // a store per registry: the store's vault marker binds it to one registry
                ObjectStore strictStore = ObjectStores.filesystem(work.resolve("store-strict"));
                KeyRegistry strictRegistry = KeyRegistry.builder().createIfMissing(true).custodian(custody)
                        .directory(work.resolve("registry-strict"))
                        .auditDurability(fr.coffre.core.audit.AuditDurability.perRecord()).build();
                Coffre strict = Coffre.builder().store(strictStore).keyRegistry(strictRegistry).vaultId("bench")
                        .principal("bench").reason("benchmark").build()) {
            store.createContainerIfAbsent();
            strictStore.createContainerIfAbsent();
            for (int i = 0; i < 2; i++) { // JIT warm-up, unrecorded
                bench.round(on, "on", "warm-on", Math.min(records, 500), record, threads, false);
                bench.round(off, "off", "warm-off", Math.min(records, 500), record, threads, false);
                bench.round(strict, "per-record", "warm-strict", Math.min(records, 500), record, threads, false);
            }
            // The order of the three modes rotates from one repetition to the next, so that no mode is always measured
            // right after the same other one. Rounds keep what they wrote (no untimed cleanup between them).
            List<Runnable> modes = List.of(
                    () -> bench.measured(off, "off", records, record, threads),
                    () -> bench.measured(on, "on", records, record, threads),
                    () -> bench.measured(strict, "per-record", records, record, threads));
            for (int r = 1; r <= reps; r++) {
                System.err.println("repetition " + r + "/" + reps);
                for (int m = 0; m < modes.size(); m++) {
                    modes.get((r - 1 + m) % modes.size()).run();
                }
            }
            long trailBytes;
            try (var files = Files.list(registry.auditDirectory())) {
                trailBytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            System.out.printf(Locale.ROOT, "%nAudit trail cost: %d records of %d bytes, %d threads, filesystem store,"
                    + " %d interleaved repetitions; records/s%n", records, recordBytes, threads, reps);
            System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s%n", "operation", "median", "min", "max");
            bench.samples.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-18s %10.0f %10.0f %10.0f%n", k,
                    median(v), v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    v.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
            System.out.printf(Locale.ROOT, "trail: %.1f MiB for this run's records%n", trailBytes / 1048576.0);
            bench.ratios("on", "audit-on-vs-off");
            bench.ratios("per-record", "audit-per-record-vs-off");
        }
    }

    /** Prints {@code name}-put, {@code name}-get and {@code name} (harmonic mean of both) against mode off. */
    private void ratios(String mode, String name) {
        for (String op : List.of("put", "get")) {
            System.out.printf(Locale.ROOT, "RATIO %s-%s %.3f%n", name, op,
                    median(samples.get(op + " " + mode)) / median(samples.get(op + " off")));
        }
        double with = harmonic(median(samples.get("put " + mode)), median(samples.get("get " + mode)));
        double without = harmonic(median(samples.get("put off")), median(samples.get("get off")));
        System.out.printf(Locale.ROOT, "RATIO %s %.3f%n", name, with / without);
    }

    /** One recorded round of {@code mode}. */
    private void measured(Coffre coffre, String mode, int records, byte[] record, int threads) {
        String prefix = mode + "-" + rounds++;
        try {
            round(coffre, mode, prefix, records, record, threads, true);
        } catch (Exception e) {
            throw new IllegalStateException("round " + prefix + " failed", e);
        }
    }

    /** Puts then reads back {@code records} records on {@code threads} threads; records records/s when asked. */
    private void round(Coffre coffre, String mode, String prefix, int records, byte[] record, int threads,
            boolean keep) throws Exception {
        double put = timed(records, threads, i -> coffre.put(prefix + "/r" + i, new ByteArrayInputStream(record),
                PutOptions.builder().subject("patient-" + (i % 97)).plaintextLengthBytes(record.length).build()));
        double get = timed(records, threads, i -> {
            try (DecryptedObject o = coffre.get(prefix + "/r" + i)) {
                if (o.content().transferTo(OutputStream.nullOutputStream()) != record.length) {
                    throw new IllegalStateException("short read");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (keep) {
            samples.computeIfAbsent("put " + mode, k -> new ArrayList<>()).add(put);
            samples.computeIfAbsent("get " + mode, k -> new ArrayList<>()).add(get);
            System.err.printf(Locale.ROOT, "  %-8s put %8.0f/s  get %8.0f/s%n", prefix, put, get);
        }
    }

    private static double timed(int records, int threads, BenchRuns.IndexedTask task) throws Exception {
        long t0 = System.nanoTime();
        BenchRuns.parallel(records, threads, task);
        return records / ((System.nanoTime() - t0) / 1e9);
    }

    private static double harmonic(double a, double b) {
        return 2 / (1 / a + 1 / b);
    }

    private static double median(List<Double> values) {
        return BenchRuns.median(values);
    }
}
