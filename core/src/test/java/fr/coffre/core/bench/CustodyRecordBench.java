package fr.coffre.core.bench;

import fr.coffre.core.Coffre;
import fr.coffre.core.CoffreObject;
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
import java.util.LinkedHashMap;
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
 * {@code RATIO custody-records-keystore-vs-plaintext <x>}.
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
        System.out.printf(Locale.ROOT, "%d records of %d bytes over %d subjects, %s store, best of %d rounds%n",
                records, RECORD_BYTES, subjects, storeKind, rounds);
        System.out.printf(Locale.ROOT, "%-22s %-9s %10s %10s %12s%n", "custody", "cache", "writes/s", "reads/s",
                "records/s");
        try (KeyCustodian warmUp = TestCustodians.keystore(tmp.resolve("warm-up.bcfks"))) {
            System.out.printf(Locale.ROOT, "(JIT warm-up, not compared:)%n");
            measure("keystore warm-up", warmUp, "rbench-warm-up", true, records);
        }
        double plain = best(this::plaintextRound);
        System.out.printf(Locale.ROOT, "%-22s %-9s %34.0f%n", "plaintext (no Coffre)", "-", plain);
        Map<String, Double> cached = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<KeyCustodian>> e : custodians.entrySet()) {
            try (KeyCustodian custody = e.getValue().get()) {
                String master = "rbench-" + Long.toHexString(new SecureRandom().nextLong() >>> 1);
                try {
                    cached.put(e.getKey(), measure(e.getKey(), custody, master, true, records));
                    measure(e.getKey(), custody, master, false, uncachedRecords);
                } finally {
                    if (custody.exists(master)) {
                        custody.destroy(master);
                    }
                }
            }
        }
        for (Map.Entry<String, Double> e : cached.entrySet()) {
            if (!e.getKey().equals("keystore")) {
                System.out.printf(Locale.ROOT, "RATIO custody-records-%s-vs-keystore %.3f%n", e.getKey(),
                        e.getValue() / cached.get("keystore"));
            }
        }
        System.out.printf(Locale.ROOT, "RATIO custody-records-keystore-vs-plaintext %.3f%n", cached.get("keystore") / plain);
    }

    /** Best write+read records/s over the rounds; prints the row. */
    private double measure(String name, KeyCustodian custody, String master, boolean cache, int n) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "reg");
        try (KeyRegistry registry = KeyRegistry.builder().custodian(custody).directory(dir).masterKeyId(master)
                .cacheMaxEntries(cache ? KeyRegistry.DEFAULT_CACHE_MAX_ENTRIES : 0).build()) {
            double[] best = {0, 0, 0};
            for (int round = 0; round <= rounds; round++) {
                try (ObjectStore store = openStore(); Coffre coffre = Coffre.builder().store(store)
                        .keyRegistry(registry).vaultId("bench").build()) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        coffre.put(name(i), new ByteArrayInputStream(record), PutOptions.builder()
                                .subject("subject-" + (i % subjects)).plaintextLengthBytes(RECORD_BYTES).build());
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        try (CoffreObject o = coffre.get(name(i))) {
                            o.content().transferTo(OutputSink.INSTANCE);
                        }
                    }
                    long t2 = System.nanoTime();
                    if (round > 0) {
                        best[0] = Math.max(best[0], n / ((t1 - t0) / 1e9));
                        best[1] = Math.max(best[1], n / ((t2 - t1) / 1e9));
                        best[2] = Math.max(best[2], 2.0 * n / ((t2 - t0) / 1e9));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-22s %-9s %10.0f %10.0f %12.0f%n", name, cache ? "on" : "off", best[0],
                    best[1], best[2]);
            return best[2];
        }
    }

    private double plaintextRound() throws IOException {
        try (ObjectStore store = openStore()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                store.put("plain/" + i, new ByteArrayInputStream(record), RECORD_BYTES);
            }
            for (int i = 0; i < records; i++) {
                try (InputStream in = store.get("plain/" + i)) {
                    in.transferTo(OutputSink.INSTANCE);
                }
            }
            return 2.0 * records / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private double best(Round round) throws IOException {
        double best = 0;
        for (int r = 0; r <= rounds; r++) {
            double v = round.run();
            best = r > 0 ? Math.max(best, v) : best;
        }
        return best;
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

    private interface Round {
        double run() throws IOException;
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
