package fr.coffre.custody;

import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Custody micro-benchmark (scripts/bench/custody.sh): protect and unprotect of 32-byte data keys per second, per
 * custodian, 1 and 2 threads, all in one JVM run, with the keystore custody as the baseline. Servers: the SoftHSM
 * token and the PyKMIP server of scripts/servers. Usage: CustodyBench [secondsPerMeasure].
 */
public final class CustodyBench {
    private CustodyBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Path tmp = Files.createTempDirectory("coffre-bench-custody");
        Map<String, Supplier<KeyCustodian>> custodians = new LinkedHashMap<>();
        custodians.put("keystore", () -> TestCustodians.keystore(tmp.resolve("bench.bcfks")));
        custodians.put("pkcs11-softhsm", TestCustodians::softHsm);
        custodians.put("kmip-server-side", () -> TestCustodians.kmip(KmipCustodian.Mode.SERVER_SIDE, "coffre-bench"));
        custodians.put("kmip-fetch-then-wrap", () -> TestCustodians.kmip(KmipCustodian.Mode.FETCH_THEN_WRAP, "coffre-bench"));

        System.out.printf(Locale.ROOT, "%-22s %8s %14s %14s%n", "custodian", "threads", "protect/s", "unprotect/s");
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<KeyCustodian>> e : custodians.entrySet()) {
            try (KeyCustodian c = e.getValue().get()) {
                KeyRef ref = c.createKey("bench-" + Long.toHexString(new SecureRandom().nextLong() >>> 1));
                try {
                    measure(c, ref, 1, 0.5); // warm-up
                    for (int threads : new int[] {1, 2}) {
                        double[] r = measure(c, ref, threads, seconds);
                        results.put(e.getKey() + "/" + threads, r);
                        System.out.printf(Locale.ROOT, "%-22s %8d %14.0f %14.0f%n", e.getKey(), threads, r[0], r[1]);
                    }
                } finally {
                    c.destroy(ref.keyId());
                }
            }
        }
        for (String name : custodians.keySet()) {
            if (!name.equals("keystore")) {
                for (int threads : new int[] {1, 2}) {
                    double[] base = results.get("keystore/" + threads);
                    double[] r = results.get(name + "/" + threads);
                    System.out.printf(Locale.ROOT, "RATIO custody-unprotect-%s-%dt %.3f%n", name, threads, r[1] / base[1]);
                }
            }
        }
    }

    /** {protect/s, unprotect/s} over {@code seconds} each, with {@code threads} threads. */
    private static double[] measure(KeyCustodian c, KeyRef ref, int threads, double seconds) throws Exception {
        byte[] ctx = "dk:bench#1".getBytes();
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());
        byte[] wrapped = c.protect(ref, dek, ctx);
        double p = run(threads, seconds, () -> c.protect(ref, dek, ctx));
        double u = run(threads, seconds, () -> c.unprotect(ref, wrapped, ctx).destroy());
        dek.destroy();
        return new double[] {p, u};
    }

    private static double run(int threads, double seconds, Runnable op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long t0 = System.nanoTime();
            List<Future<Long>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        op.run();
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : fs) {
                total += f.get(10, TimeUnit.MINUTES);
            }
            return total / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
