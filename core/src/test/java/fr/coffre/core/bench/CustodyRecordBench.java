package fr.coffre.core.bench;

import fr.coffre.core.Coffre;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.core.KeyRegistry;
import fr.coffre.core.PutOptions;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KmipCustodian;
import fr.coffre.custody.TestCustodians;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Small-record custody benchmark (scripts/bench/custody.sh): 4 KiB records written then read back per second through
 * Coffre, per custody (keystore, PKCS#11 on SoftHSM, KMIP on PyKMIP in both modes), with the data-key cache on
 * (default) and off, against plain store puts/gets of the same records, all in one JVM run.
 *
 * <p>Usage: {@code CustodyRecordBench records subjects rounds uncachedRecords filesystem|memory}. Prints a table and
 * {@code RATIO custody-records-<custody>-vs-keystore <x>} (cache on, write+read records per second) and
 * {@code RATIO custody-records-keystore-vs-plaintext <x>}. Cache-on rounds are interleaved (every custody in each
 * round, order rotated) and each RATIO is the median of same-round ratios; cache-off rows are best of the rounds.
 */
public final class CustodyRecordBench {
    private static final int RECORD_BYTES = 4096;
    private final int records;
    private final int subjects;
    private final int rounds;
    private final int uncachedRecords;
    private final String storeKind;
    private final Path tmp;
    private final byte[] record = new byte[RECORD_BYTES];

    private CustodyRecordBench(String[] a) throws IOException {
        records = a.length > 0 ? Integer.parseInt(a[0]) : 3000;
        subjects = a.length > 1 ? Integer.parseInt(a[1]) : 50;
        rounds = a.length > 2 ? Integer.parseInt(a[2]) : 3;
        uncachedRecords = a.length > 3 ? Integer.parseInt(a[3]) : 300;
        storeKind = a.length > 4 ? a[4] : "filesystem";
        tmp = Files.createTempDirectory("coffre-bench-records");
        new SecureRandom().nextBytes(record);
    }

    public static void main(String[] args) throws Exception {
        new CustodyRecordBench(args).run();
    }

    private void run() throws IOException {
        Map<String, Supplier<KeyCustodian>> custodians = new LinkedHashMap<>();
        custodians.put("keystore", () -> TestCustodians.keystore(tmp.resolve("bench.bcfks")));
        custodians.put("pkcs11-softhsm", TestCustodians::softHsm);
        custodians.put("kmip-server-side", () -> TestCustodians.kmip(KmipCustodian.Mode.SERVER_SIDE, "coffre-rbench"));
        custodians.put("kmip-fetch-then-wrap",
                () -> TestCustodians.kmip(KmipCustodian.Mode.FETCH_THEN_WRAP, "coffre-rbench"));
        System.out.printf(Locale.ROOT, "%d records of %d bytes over %d subjects, %s store, %d interleaved rounds"
                + " (median; round 0 discarded)%n", records, RECORD_BYTES, subjects, storeKind, rounds);
        System.out.printf(Locale.ROOT, "%-22s %-9s %10s %10s %12s%n", "custody", "cache", "writes/s", "reads/s",
                "records/s");
        List<Setup> setups = new ArrayList<>();
        try {
            setups.add(new Setup("plaintext (no Coffre)", null, null, null));
            for (Map.Entry<String, Supplier<KeyCustodian>> e : custodians.entrySet()) {
                KeyCustodian custody = e.getValue().get();
                String master = "rbench-" + Long.toHexString(new SecureRandom().nextLong() >>> 1);
                setups.add(new Setup(e.getKey(), custody, master, KeyRegistry.builder()
                        .createIfMissing(true).custodian(custody)
                        .directory(Files.createTempDirectory(tmp, "reg")).masterKeyId(master).build()));
            }
            // every round runs every setup, in an order rotated by one each round, so that drifting machine load
            // and JIT progress do not favour whoever runs last; ratios compare runs of the same round
            Map<String, List<double[]>> runs = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                for (int k = 0; k < setups.size(); k++) {
                    Setup s = setups.get((k + round) % setups.size());
                    double[] r = s.registry == null ? plaintextRound() : round(s.registry, records);
                    if (round > 0) {
                        runs.computeIfAbsent(s.name, x -> new ArrayList<>()).add(r);
                    }
                }
            }
            for (Setup s : setups) {
                List<double[]> r = runs.get(s.name);
                System.out.printf(Locale.ROOT, "%-22s %-9s %10.0f %10.0f %12.0f%n", s.name, s.registry == null ? "-" : "on",
                        median(r, 0), median(r, 1), median(r, 2));
            }
            for (Setup s : setups.subList(1, setups.size())) {
                measure(s.name, s.custody, s.master, false, uncachedRecords);
            }
            for (String name : custodians.keySet()) {
                if (!name.equals("keystore")) {
                    System.out.printf(Locale.ROOT, "RATIO custody-records-%s-vs-keystore %.3f%n", name,
                            medianRatio(runs.get(name), runs.get("keystore")));
                }
            }
            System.out.printf(Locale.ROOT, "RATIO custody-records-keystore-vs-plaintext %.3f%n",
                    medianRatio(runs.get("keystore"), runs.get("plaintext (no Coffre)")));
        } finally {
            for (Setup s : setups) {
                s.close();
            }
        }
    }

    /** One custody with its cache-on registry, kept open across rounds. */
    private record Setup(String name, KeyCustodian custody, String master, KeyRegistry registry) {
        void close() {
            if (registry != null) {
                registry.close();
                if (custody.exists(master)) {
                    custody.destroy(master);
                }
                custody.close();
            }
        }
    }

    private static double median(List<double[]> runs, int column) {
        double[] v = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    /** Median over rounds of (records/s of {@code a}) / (records/s of {@code b}) in the same round. */
    private static double medianRatio(List<double[]> a, List<double[]> b) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i)[2] / b.get(i)[2];
        }
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    /** One round through Coffre: {writes/s, reads/s, write+read records/s}. */
    private double[] round(KeyRegistry registry, int n) throws IOException {
        try (ObjectStore store = openStore();
             Coffre coffre = Coffre.builder().store(store).keyRegistry(registry).vaultId("bench").build()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                coffre.put(name(i), new ByteArrayInputStream(record), PutOptions.builder()
                        .subject("subject-" + (i % subjects)).plaintextLengthBytes(RECORD_BYTES).build());
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (DecryptedObject o = coffre.get(name(i))) {
                    o.content().transferTo(OutputSink.INSTANCE);
                }
            }
            long t2 = System.nanoTime();
            return new double[] {n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), 2.0 * n / ((t2 - t0) / 1e9)};
        }
    }

    /** Best write+read records/s over the rounds with a fresh registry; prints the row (cache-off figures). */
    private double measure(String name, KeyCustodian custody, String master, boolean cache, int n) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "reg");
        try (KeyRegistry registry = KeyRegistry.builder()
                .createIfMissing(true).custodian(custody).directory(dir).masterKeyId(master)
                .cacheMaxEntries(cache ? KeyRegistry.DEFAULT_CACHE_MAX_ENTRIES : 0).build()) {
            double[] best = {0, 0, 0};
            for (int round = 0; round <= rounds; round++) {
                double[] r = round(registry, n);
                if (round > 0) {
                    for (int c = 0; c < 3; c++) {
                        best[c] = Math.max(best[c], r[c]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-22s %-9s %10.0f %10.0f %12.0f%n", name, cache ? "on" : "off", best[0],
                    best[1], best[2]);
            return best[2];
        }
    }

    /** Plain store puts and gets of the same records: {writes/s, reads/s, write+read records/s}. */
    private double[] plaintextRound() throws IOException {
        try (ObjectStore store = openStore()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                store.put("plain/" + i, new ByteArrayInputStream(record), RECORD_BYTES);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                try (InputStream in = store.get("plain/" + i)) {
                    in.transferTo(OutputSink.INSTANCE);
                }
            }
            long t2 = System.nanoTime();
            return new double[] {records / ((t1 - t0) / 1e9), records / ((t2 - t1) / 1e9), 2.0 * records / ((t2 - t0) / 1e9)};
        }
    }

    private String name(int i) {
        return "bench/s" + (i % subjects) + "/r" + i;
    }

    private ObjectStore openStore() throws IOException {
        ObjectStore store = storeKind.equals("memory") ? ObjectStores.memory()
                : ObjectStores.filesystem(Files.createTempDirectory(tmp, "store").resolve("c"));
        store.createContainerIfAbsent();
        return store;
    }

    /** Discards bytes. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
