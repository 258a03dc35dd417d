package fr.coffre.crypto.bench;

import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.crypto.EncryptionSpec;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench.sh crypto}: COF1 encrypt/decrypt throughput against raw JDK AES-GCM over the same segments, in
 * the same JVM. Usage: {@code CryptoBench throughput [MiB] [iterations] [segmentKiB...]}. The first segment size gives
 * the RATIO lines. See also {@link StreamBench} for the bounded-memory run.
 */
public final class CryptoBench {
    static final byte[] IDENTITY = "bench-vault/records/bench-object".getBytes(StandardCharsets.UTF_8);
    static final int BLOCK = 1 << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final byte[] block = new byte[BLOCK];
    private final byte[] dek = new byte[32];
    private final SecureRandom random = new SecureRandom();
    private final long plainBytes;
    private final int iterations;

    private CryptoBench(long plainBytes, int iterations) {
        this.plainBytes = plainBytes;
        this.iterations = iterations;
        random.nextBytes(block);
        random.nextBytes(dek);
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        List<Integer> segmentKiB = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            segmentKiB.add(Integer.parseInt(args[i]));
        }
        if (segmentKiB.isEmpty()) {
            segmentKiB.addAll(List.of(64, 16, 256, 1024));
        }
        CryptoBench bench = new CryptoBench((long) mib << 20, iterations);
        System.out.printf(Locale.ROOT, "COF1 crypto benchmark: %d MiB stream, median of %d runs (after a JIT warm-up and 2 discarded runs per size), %s %s,"
                + " %d CPUs%n", mib, iterations, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s | %-28s | %9s | %9s | %6s | %9s | %9s | %6s%n", "", "",
                "CPU time:", "", "", "wall:", "", "");
        System.out.printf(Locale.ROOT, "%-8s | %-28s | %9s | %9s | %6s | %9s | %9s | %6s%n", "segment", "operation",
                "COF1 MB/s", "raw MB/s", "ratio", "COF1 MB/s", "raw MB/s", "ratio");
        bench.run(segmentKiB.get(0) * 1024, 4, false); // JIT warm-up of every code path (AES-GCM intrinsics)
        double[] first = null;
        for (int kib : segmentKiB) {
            double[] r = bench.run(kib * 1024, bench.iterations, true);
            if (first == null) {
                first = r;
            }
        }
        System.out.printf(Locale.ROOT, "RATIO crypto-encrypt %.3f%n", first[0]);
        System.out.printf(Locale.ROOT, "RATIO crypto-decrypt %.3f%n", first[1]);
    }

    /** Prints the rows for one segment size; returns {encrypt ratio, decrypt ratio}. */
    private double[] run(int segmentSize, int runs, boolean print) throws Exception {
        EncryptionSpec spec = EncryptionSpec.builder().keyRef(new KeyRef("coffre-dk", "bench", 1))
                .logicalIdentity(IDENTITY).segmentSizeBytes(segmentSize).build();
        byte[] object = new byte[(int) Cof1.encryptedLengthBytes(spec, plainBytes)];
        try (SecretBytes key = SecretBytes.copyOf(dek); OutputStream out = Cof1.encrypt(new ArraySink(object), spec, key,
                random)) {
            writePlaintext(out);
        }
        Cof1Header header = Cof1.readHeader(new ByteArrayInputStream(object));
        RawGcmSegments raw = RawGcmSegments.of(dek, header, IDENTITY);
        checkSameSegments(raw, object, header);

        List<double[]> cof1Enc = new ArrayList<>();
        List<double[]> rawEnc = new ArrayList<>();
        List<double[]> cof1Dec = new ArrayList<>();
        List<double[]> cof1Read = new ArrayList<>();
        List<double[]> rawDec = new ArrayList<>();
        for (int i = -2; i < runs; i++) {
            boolean keep = i >= 0;
            boolean cof1First = (i & 1) == 0; // alternate the order so background load hits both sides alike
            measurePair(keep, cof1First, cof1Enc, () -> cof1Encrypt(spec), rawEnc, () -> rawEncrypt(raw, segmentSize));
            measurePair(keep, cof1First, cof1Dec, () -> cof1Decrypt(object, false), rawDec,
                    () -> rawDecrypt(raw, object, header));
            measure(keep, cof1Read, () -> cof1Decrypt(object, true));
        }
        if (!print) {
            return null;
        }
        String seg = segmentSize / 1024 + " KiB";
        double enc = row(seg, "encrypt (OutputStream.write)", cof1Enc, rawEnc);
        double dec = row(seg, "decrypt (transferTo)", cof1Dec, rawDec);
        row(seg, "decrypt (read 1 MiB buffer)", cof1Read, rawDec);
        return new double[] {enc, dec};
    }

    /** Prints median CPU-time and wall-clock throughputs and the median of the per-run ratios; returns the CPU one. */
    private double row(String segment, String op, List<double[]> cof1, List<double[]> raw) {
        double cpuRatio = medianRatio(cof1, raw, 1);
        System.out.printf(Locale.ROOT, "%-8s | %-28s | %9.0f | %9.0f | %6.3f | %9.0f | %9.0f | %6.3f%n", segment, op,
                median(cof1, 1), median(raw, 1), cpuRatio, median(cof1, 0), median(raw, 0), medianRatio(cof1, raw, 0));
        return cpuRatio;
    }

    private long cof1Encrypt(EncryptionSpec spec) throws IOException {
        CountingSink sink = new CountingSink();
        try (SecretBytes key = SecretBytes.copyOf(dek); OutputStream out = Cof1.encrypt(sink, spec, key, random)) {
            writePlaintext(out);
        }
        return sink.count;
    }

    private void writePlaintext(OutputStream out) throws IOException {
        for (long done = 0; done < plainBytes; done += BLOCK) {
            out.write(block, 0, (int) Math.min(BLOCK, plainBytes - done));
        }
    }

    private long rawEncrypt(RawGcmSegments object, int segmentSize) throws Exception {
        RawGcmSegments raw = object.rekeyed(dek, random);
        CountingSink sink = new CountingSink();
        byte[] out = new byte[segmentSize + RawGcmSegments.TAG];
        long segments = Math.max(1, (plainBytes + segmentSize - 1) / segmentSize);
        for (long i = 0; i < segments; i++) {
            long start = i * segmentSize;
            int len = (int) Math.min(segmentSize, plainBytes - start);
            int n = raw.seal(block, (int) (start % BLOCK), len, i, i == segments - 1, out);
            sink.write(out, 0, n);
        }
        return sink.count;
    }

    private long cof1Decrypt(byte[] object, boolean viaRead) throws IOException {
        InputStream in = new ByteArrayInputStream(object);
        Cof1Header header = Cof1.readHeader(in);
        CountingSink sink = new CountingSink();
        try (SecretBytes key = SecretBytes.copyOf(dek); DecryptedObject opened = Cof1.open(header, in, key, IDENTITY)) {
            if (viaRead) {
                byte[] buf = new byte[BLOCK];
                for (int n; (n = opened.content().read(buf)) >= 0;) {
                    sink.write(buf, 0, n);
                }
            } else {
                opened.content().transferTo(sink);
            }
        }
        check(sink.count == plainBytes, "COF1 decrypted length");
        return sink.count;
    }

    private long rawDecrypt(RawGcmSegments raw, byte[] object, Cof1Header header) throws Exception {
        InputStream in = new ByteArrayInputStream(object);
        in.skipNBytes(header.prefixLengthBytes());
        int segmentSize = header.segmentSizeBytes();
        byte[] sealed = new byte[segmentSize + RawGcmSegments.TAG];
        byte[] plain = new byte[segmentSize];
        CountingSink sink = new CountingSink();
        long segments = Math.max(1, (plainBytes + segmentSize - 1) / segmentSize);
        for (long i = 0; i < segments; i++) {
            int len = in.readNBytes(sealed, 0, sealed.length);
            int n = raw.open(sealed, 0, len, i, i == segments - 1, plain);
            sink.write(plain, 0, n);
        }
        check(sink.count == plainBytes, "raw decrypted length");
        return sink.count;
    }

    /** The baseline must produce byte-for-byte the segments COF1 wrote, or the comparison would be meaningless. */
    private void checkSameSegments(RawGcmSegments raw, byte[] object, Cof1Header header) throws Exception {
        int segmentSize = header.segmentSizeBytes();
        byte[] out = new byte[segmentSize + RawGcmSegments.TAG];
        int n = raw.seal(block, 0, segmentSize, 0, plainBytes <= segmentSize, out);
        int at = header.prefixLengthBytes();
        check(Arrays.equals(out, 0, n, object, at, at + n), "baseline segment 0 equals the COF1 segment 0");
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }

    private interface Op {
        long run() throws Exception;
    }

    private void measurePair(boolean keep, boolean firstFirst, List<double[]> first, Op a, List<double[]> second, Op b)
            throws Exception {
        if (firstFirst) {
            measure(keep, first, a);
            measure(keep, second, b);
        } else {
            measure(keep, second, b);
            measure(keep, first, a);
        }
    }

    /** Records {wall-clock MB/s, thread-CPU-time MB/s}. */
    private void measure(boolean keep, List<double[]> into, Op op) throws Exception {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        op.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        if (keep) {
            into.add(new double[] {plainBytes / 1e6 / wall, plainBytes / 1e6 / cpu});
        }
    }

    static double median(List<double[]> samples, int column) {
        return median(samples.stream().mapToDouble(s -> s[column]).toArray());
    }

    static double medianRatio(List<double[]> cof1, List<double[]> raw, int column) {
        double[] r = new double[cof1.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = cof1.get(i)[column] / raw.get(i)[column];
        }
        return median(r);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Counts bytes and drops them. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Writes into a preallocated array. */
    static final class ArraySink extends OutputStream {
        private final byte[] target;
        private int at;

        ArraySink(byte[] target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target[at++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, target, at, len);
            at += len;
        }
    }
}
