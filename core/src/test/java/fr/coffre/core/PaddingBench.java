package fr.coffre.core;

import fr.coffre.core.bench.BenchRuns;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scripts/bench.sh padding}: what size padding (COF1 suite 2) costs through {@link Coffre}: the same records
 * put, read back and stat'ed by a Coffre writing padded objects and by one writing unpadded ones, same JVM, same
 * registry, two filesystem stores, in interleaved repetitions. Small records have random lengths (1 to 8 KiB, not
 * declared, as a stream or a Hadoop file is written), so their padded stat reads the length trailer; large objects
 * are {@code largeMiB} each. Prints operations/s or MiB/s (median, min, max), the stored bytes of each, and RATIO lines
 * (padded / unpadded) on the medians.
 *
 * <p>Arguments: {@code workDir records threads largeObjects largeMiB reps}.
 */
public final class PaddingBench {
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final Map<String, AtomicLong> stored = new LinkedHashMap<>();
    private int rounds;

    private PaddingBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[0])), "padding-");
        int records = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int large = Integer.parseInt(args[3]);
        long largeBytes = Long.parseLong(args[4]) << 20;
        int reps = Integer.parseInt(args[5]);
        byte[][] small = new byte[records][];
        Random r = new Random(1);
        for (int i = 0; i < records; i++) {
            small[i] = GeneratedData.bytes(i, 0, 1024 + r.nextInt(7 * 1024 + 1));
        }
        PaddingBench bench = new PaddingBench();
        try (KeyCustodian custody = KeystoreCustodian.builder().createIfMissing(true)
                .path(work.resolve("keystore.bcfks")).password("bench-only-keystore-password".toCharArray()).build();
                KeyRegistry registry = KeyRegistry.builder().createIfMissing(true).custodian(custody)
                        .directory(work.resolve("registry")).build();
                ObjectStore plainStore = ObjectStores.filesystem(work.resolve("store-unpadded"));
                ObjectStore paddedStore = ObjectStores.filesystem(work.resolve("store-padded"));
                Coffre unpadded = Coffre.builder().store(plainStore).keyRegistry(registry).vaultId("bench")
                        .principal("bench").reason("benchmark").build();
                Coffre padded = Coffre.builder().store(paddedStore).keyRegistry(registry).vaultId("bench")
                        .principal("bench").reason("benchmark").sizePadding(true).build()) {
            plainStore.createContainerIfAbsent();
            paddedStore.createContainerIfAbsent();
            for (int i = 0; i < 2; i++) {   // JIT warm-up, unrecorded
                bench.round(unpadded, "unpadded", false, small, threads, 1, 8L << 20);
                bench.round(padded, "padded", false, small, threads, 1, 8L << 20);
            }
            bench.stored.clear();
            for (int rep = 1; rep <= reps; rep++) {
                System.err.println("repetition " + rep + "/" + reps);
                boolean paddedFirst = rep % 2 == 0;
                bench.round(paddedFirst ? padded : unpadded, paddedFirst ? "padded" : "unpadded", true, small,
                        threads, large, largeBytes);
                bench.round(paddedFirst ? unpadded : padded, paddedFirst ? "unpadded" : "padded", true, small,
                        threads, large, largeBytes);
            }
            bench.report(records, threads, large, largeBytes, reps);
        }
    }

    private void report(int records, int threads, int large, long largeBytes, int reps) {
        System.out.printf(Locale.ROOT, "%nSize padding cost: %d records of 1-8 KiB (lengths not declared), %d threads;"
                + " %d objects of %d MiB; filesystem store; %d interleaved repetitions%n", records, threads, large,
                largeBytes >> 20, reps);
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s%n", "operation", "median", "min", "max");
        samples.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-28s %10.1f %10.1f %10.1f%n", k,
                BenchRuns.median(v), v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                v.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        stored.forEach((k, v) -> System.out.printf(Locale.ROOT, "stored bytes, %-14s %d%n", k, v.get()));
        for (String op : List.of("small put/s", "small get/s", "small stat/s", "large put MiB/s", "large get MiB/s")) {
            System.out.printf(Locale.ROOT, "RATIO padded-vs-unpadded-%s %.3f%n",
                    op.replace(" MiB/s", "").replace("/s", "").replace(' ', '-'),
                    BenchRuns.median(samples.get(op + " padded")) / BenchRuns.median(samples.get(op + " unpadded")));
        }
        for (String kind : List.of("small", "large")) {
            System.out.printf(Locale.ROOT, "RATIO padded-vs-unpadded-stored-bytes-%s %.4f%n", kind,
                    stored.get(kind + " padded").get() / (double) stored.get(kind + " unpadded").get());
        }
    }

    /** Puts, stats and reads back the small records, then puts and reads back the large objects. */
    private void round(Coffre coffre, String mode, boolean keep, byte[][] small, int threads, int large,
            long largeBytes) throws Exception {
        String prefix = mode + "-" + rounds++;
        AtomicLong smallStored = stored.computeIfAbsent("small " + mode, k -> new AtomicLong());
        AtomicLong largeStored = stored.computeIfAbsent("large " + mode, k -> new AtomicLong());
        double put = timed(small.length, threads, i -> smallStored.addAndGet(coffre.put(prefix + "/r" + i,
                new ByteArrayInputStream(small[i]), PutOptions.builder().subject("patient-" + (i % 97)).build())
                .storedSizeBytes()));
        double stat = timed(small.length, threads, i -> {
            if (coffre.stat(prefix + "/r" + i).plaintextLengthBytes() != small[i].length) {
                throw new IllegalStateException("wrong length");
            }
        });
        double get = timed(small.length, threads, i -> drain(coffre, prefix + "/r" + i, small[i].length));
        double putLarge = timed(large, 1, i -> largeStored.addAndGet(coffre.put(prefix + "/big" + i,
                GeneratedData.stream(i, largeBytes), PutOptions.defaults()).storedSizeBytes()));
        double getLarge = timed(large, 1, i -> drain(coffre, prefix + "/big" + i, largeBytes));
        for (int i = 0; i < large; i++) {
            coffre.delete(prefix + "/big" + i);   // keep the disk small; not timed
        }
        if (keep) {
            add("small put/s " + mode, put);
            add("small stat/s " + mode, stat);
            add("small get/s " + mode, get);
            add("large put MiB/s " + mode, putLarge * largeBytes / 1048576.0);
            add("large get MiB/s " + mode, getLarge * largeBytes / 1048576.0);
            System.err.printf(Locale.ROOT, "  %-12s small put %6.0f/s stat %6.0f/s get %6.0f/s; large put %5.0f"
                    + " MiB/s get %5.0f MiB/s%n", prefix, put, stat, get, putLarge * largeBytes / 1048576.0,
                    getLarge * largeBytes / 1048576.0);
        } else {
            smallStored.set(0);
            largeStored.set(0);
        }
    }

    private void add(String key, double value) {
        samples.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static void drain(Coffre coffre, String name, long expected) {
        try (DecryptedObject o = coffre.get(name)) {
            if (o.content().transferTo(OutputStream.nullOutputStream()) != expected) {
                throw new IllegalStateException("short read");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Operations per second of {@code count} operations on {@code threads} threads. */
    private static double timed(int count, int threads, BenchRuns.IndexedTask task) throws Exception {
        long t0 = System.nanoTime();
        BenchRuns.parallel(count, threads, task);
        return count / ((System.nanoTime() - t0) / 1e9);
    }
}
