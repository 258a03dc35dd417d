package fr.coffre.store.bench;

import fr.coffre.core.Coffre;
import fr.coffre.core.PutOptions;
import fr.coffre.core.bench.BenchRuns;
import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.crypto.EncryptionSpec;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.PartSizing;
import fr.coffre.store.ProviderPresets;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.s3.AwsSdkReference;
import fr.coffre.store.s3.S3Stores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench.sh store}: on the local Swift-S3 server, {@code Coffre.put}/{@code Coffre.get} (the public API:
 * name encryption, key registry, sealed metadata, audit trail, COF1, over Coffre's S3 store with its default driver)
 * vs the same store in plaintext, the AWS SDK v2 plaintext sync client as the reference driver, and rclone with a
 * crypt remote and the AWS S3 Encryption Client v4 ({@link S3EncryptionClientPeer}), all on the same generated data
 * in one run. An extra row ({@code pipe-enc}) times the lower-level pipe
 * ({@code Cof1.encrypt} piped into {@code store.put}) to separate the API's cost from the format's. Prints a table
 * (MiB/s of plaintext: median, min and max of the repetitions, which are interleaved so that every contender sees
 * the same machine load) and RATIO lines computed on the medians.
 *
 * <p>Arguments: {@code largeSizesMiB} (e.g. {@code 100,1024}), {@code smallCount}, {@code smallBytes}, {@code reps},
 * {@code workDir} (rclone config and source files), {@code partMiB}.
 */
public final class StoreBench {

    private static final long MIB = 1024 * 1024;
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:8080");
    /** A bucket per run: each run's vault is new, and a store belongs to one vault (its marker says which). */
    private static final String BUCKET = "coffre-bench-" + System.currentTimeMillis() / 1000;
    private static final int SMALL_THREADS = 4;

    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    /** Peer runs that failed (the S3 Encryption Client runs out of heap reading large objects), with why. */
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, Integer> failedRuns = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final SecretBytes dataKey = SecretBytes.random(Cof1.DATA_KEY_BYTES, random);
    private final ObjectStore store;
    private final AwsSdkReference aws;
    private final AwsSdkReference awsUnsigned;
    private final Rclone rclone;
    private final S3EncryptionClientPeer s3ec;
    private final KeyCustodian custody;
    private final Coffre coffre;

    private StoreBench(long partBytes, Path workDir) throws IOException {
        StoreConfig config = ProviderPresets.s3(ENDPOINT, "us-east-1", BUCKET).toBuilder().pathStyle(true)
                .partSizing(PartSizing.builder().minPartBytes(5 * MIB).maxPartBytes(5_000_000_000L)
                        .maxParts(10_000).preferredPartBytes(partBytes).build())
                .build();
        StoreCredentials credentials = StoreCredentials.s3("test:tester",
                SecretBytes.wrap("testing".getBytes(StandardCharsets.UTF_8)));
        String driver = System.getProperty("coffre.bench.driver");
        this.store = driver == null ? S3Stores.open(config, credentials)
                : S3Stores.open(S3Stores.Driver.valueOf(driver), config, credentials);
        System.err.println("Coffre S3 driver: " + (driver == null ? "default" : driver));
        store.createContainerIfAbsent();
        this.aws = new AwsSdkReference(ENDPOINT, BUCKET, "test:tester", "testing", false);
        this.awsUnsigned = new AwsSdkReference(ENDPOINT, BUCKET, "test:tester", "testing", true);
        this.rclone = Boolean.parseBoolean(System.getProperty("coffre.bench.rclone", "true"))
                ? new Rclone(workDir, BUCKET + "-rclone") : null;
        this.s3ec = Boolean.parseBoolean(System.getProperty("coffre.bench.s3ec", "true"))
                ? newS3ec() : null;
        Path vault = Files.createTempDirectory(workDir, "vault-"); // a fresh development vault per run
        this.custody = KeystoreCustodian.builder().createIfMissing(true).path(vault.resolve("keystore.bcfks"))
                .password("bench-only-keystore-password".toCharArray()).build();
        this.coffre = Coffre.builder().store(store).custodian(custody).registryDirectory(vault.resolve("registry"))
                .createRegistryIfMissing(true)
                .vaultId("bench").principal("store-bench").reason("benchmark").build();
    }

    private static S3EncryptionClientPeer newS3ec() {
        try {
            return new S3EncryptionClientPeer(ENDPOINT, BUCKET, "test:tester", "testing");
        } catch (Exception e) {
            throw new IllegalStateException("S3 Encryption Client: " + e, e);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String s : args[0].split(",")) {
            sizes.add(Long.parseLong(s) * MIB);
        }
        int smallCount = Integer.parseInt(args[1]);
        int smallBytes = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        Path workDir = Path.of(args[4]);
        long partBytes = Long.parseLong(args[5]) * MIB;
        StoreBench bench = new StoreBench(partBytes, workDir);
        try {
            bench.run(sizes, smallCount, smallBytes, reps);
        } finally {
            bench.coffre.close();
            bench.custody.close();
            bench.store.close();
            bench.aws.close();
            bench.awsUnsigned.close();
            if (bench.s3ec != null) {
                bench.s3ec.close();
            }
        }
    }

    private void run(List<Long> sizes, int smallCount, int smallBytes, int reps) throws Exception {
        if (rclone != null) {
            for (long size : sizes) {
                rclone.prepareFile(size);
            }
            rclone.prepareSmall(smallCount, smallBytes);
        }
        warmUp();
        for (int r = 1; r <= reps; r++) {
            System.err.println("repetition " + r + "/" + reps);
            for (long size : sizes) {
                String label = label(size);
                // each phase's contenders in an order rotated by one per repetition: the server's state (writeback of
                // what was just written) favours whichever reads first, so a fixed order biases the ratios
                rotated(r, List.of(
                        () -> measure("aws-sdk-plain put " + label, size, () -> aws.put("aws-" + label, size)),
                        () -> measure("aws-sdk-unsigned-plain put " + label, size,
                                () -> awsUnsigned.put("awsu-" + label, size)),
                        () -> measure("coffre-plain put " + label, size, () -> putPlain("plain-" + label, size)),
                        () -> measure("coffre-enc put " + label, size, () -> putCoffre("api/enc-" + label, size)),
                        () -> measure("pipe-enc put " + label, size, () -> putEncrypted("enc-" + label, size)),
                        () -> measureRclone("rclone-crypt put " + label, size, () -> rclone.put(size)),
                        () -> measurePeer(s3ec, "s3ec-v4 put " + label, size, () -> s3ec.put("s3ec-" + label, size))));
                settle();
                rotated(r, List.of(
                        () -> measure("aws-sdk-plain get " + label, size, () -> aws.get("aws-" + label, size)),
                        () -> measure("coffre-plain get " + label, size,
                                () -> drain(store.get("plain-" + label), size)),
                        () -> measure("coffre-enc get " + label, size, () -> getCoffre("api/enc-" + label, size)),
                        () -> measure("pipe-enc get " + label, size, () -> getEncrypted("enc-" + label, size)),
                        () -> measureRclone("rclone-crypt get " + label, size, () -> rclone.get(size)),
                        () -> measurePeer(s3ec, "s3ec-v4 get " + label, size, () -> s3ec.get("s3ec-" + label, size))));
            }
            if (smallCount == 0) {
                continue;
            }
            long total = (long) smallCount * smallBytes;
            String s = smallCount + "x" + smallBytes / 1024 + "KiB";
            measure("coffre-plain put " + s, total, () -> small(smallCount, i -> putPlainSmall("sp/" + i, smallBytes)));
            measure("coffre-enc put " + s, total, () -> small(smallCount, i -> putCoffre("api/se/" + i, smallBytes)));
            measureRclone("rclone-crypt put " + s, total, () -> rclone.putSmall());
            measure("coffre-plain get " + s, total, () -> small(smallCount, i -> drain(store.get("sp/" + i),
                    smallBytes)));
            measure("coffre-enc get " + s, total, () -> small(smallCount, i -> getCoffre("api/se/" + i, smallBytes)));
            measureRclone("rclone-crypt get " + s, total, () -> rclone.getSmall());
        }
        report(sizes, smallCount, smallBytes);
    }

    /** Runs every Java contender on 32 MiB first, unrecorded, so that the JIT has compiled the hot paths. */
    private void warmUp() throws Exception {
        long size = 32 * MIB;
        for (int i = 0; i < 3; i++) {
            aws.put("warm-aws", size);
            awsUnsigned.put("warm-aws", size);
            aws.get("warm-aws", size);
            putPlain("warm-plain", size);
            drain(store.get("warm-plain"), size);
            putEncrypted("warm-enc", size);
            getEncrypted("warm-enc", size);
            putCoffre("api/warm", size);
            getCoffre("api/warm", size);
            if (s3ec != null) {
                s3ec.put("warm-s3ec", size);
                s3ec.get("warm-s3ec", size);
            }
        }
    }

    private static String label(long size) {
        return size % (1024 * MIB) == 0 ? size / (1024 * MIB) + "GiB" : size / MIB + "MiB";
    }

    /**
     * Lets the local server write back what the puts left in the page cache ({@code sync}, then 3 s), untimed, so
     * that the first get of a phase does not run under other conditions than the last.
     */
    private static void settle() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Thread.sleep(3000);
    }

    /** Runs {@code steps} starting with step {@code (r - 1) mod n}. */
    private static void rotated(int r, List<Task> steps) throws Exception {
        for (int i = 0; i < steps.size(); i++) {
            steps.get((r - 1 + i) % steps.size()).run();
        }
    }

    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    private void measure(String name, long bytes, Task task) throws Exception {
        long t0 = System.nanoTime();
        task.run();
        double mibPerS = bytes / (double) MIB / ((System.nanoTime() - t0) / 1e9);
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(mibPerS);
        System.err.printf(Locale.ROOT, "  %-36s %8.1f MiB/s%n", name, mibPerS);
    }

    private void measureRclone(String name, long bytes, Task task) throws Exception {
        measureIf(rclone, name, bytes, task);
    }

    /**
     * Measures a peer's {@code task} if the peer is configured; a failure (an OutOfMemoryError included: the S3
     * Encryption Client holds what it reads in memory) is recorded and reported, and the run goes on.
     */
    private void measurePeer(Object peer, String name, long bytes, Task task) throws Exception {
        try {
            measureIf(peer, name, bytes, task);
        } catch (Exception | OutOfMemoryError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String why = root.getClass().getSimpleName() + " at -Xmx" + Runtime.getRuntime().maxMemory() / MIB + "m";
            failures.merge(name, why, (a, b) -> a);
            failedRuns.merge(name, 1, Integer::sum);
            System.err.printf(Locale.ROOT, "  %-36s failed: %s%n", name, why);
        }
    }

    /** Measures {@code task} if {@code contender} is configured in this run. */
    private void measureIf(Object contender, String name, long bytes, Task task) throws Exception {
        if (contender != null) {
            measure(name, bytes, task);
        }
    }

    private static void small(int count, BenchRuns.IndexedTask task) throws Exception {
        BenchRuns.parallel(count, SMALL_THREADS, task);
    }

    /** Through the public API, with the declared length (as the CLI declares a file's size). */
    private void putCoffre(String name, long size) {
        coffre.put(name, GeneratedData.stream(size, size), PutOptions.builder().collection("bench")
                .plaintextLengthBytes(size).build());
    }

    private void getCoffre(String name, long size) {
        try (DecryptedObject o = coffre.get(name)) {
            drain(o.content(), size);
        }
    }

    private void putPlain(String name, long size) {
        store.put(name, GeneratedData.stream(size, size), size);
    }

    private void putPlainSmall(String name, int size) {
        store.put(name, GeneratedData.stream(size, size), size);
    }

    private EncryptionSpec spec(String name) {
        return EncryptionSpec.builder().keyRef(new KeyRef("bench", "k1", 1)).wrappedDataKey(new byte[40])
                .logicalIdentity(name.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** COF1-encrypts the generated plaintext on one thread while the store uploads the ciphertext. */
    private void putEncrypted(String name, long size) throws Exception {
        EncryptionSpec spec = spec(name);
        long cipherLength = Cof1.encryptedLengthBytes(spec, size);
        if (size <= 1 << 20) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) cipherLength);
            try (OutputStream enc = Cof1.encrypt(out, spec, dataKey, random)) {
                GeneratedData.stream(size, size).transferTo(enc);
            }
            store.put(name, new java.io.ByteArrayInputStream(out.toByteArray()), cipherLength);
            return;
        }
        ChunkPipe pipe = new ChunkPipe();
        Thread encryptor = new Thread(() -> {
            try (OutputStream enc = Cof1.encrypt(pipe.sink(), spec, dataKey, random)) {
                GeneratedData.stream(size, size).transferTo(enc);
            } catch (IOException e) {
                pipe.fail(e);
            }
        }, "bench-encrypt");
        encryptor.start();
        store.put(name, pipe.source(), cipherLength);
        encryptor.join();
    }

    private void getEncrypted(String name, long size) throws IOException {
        try (InputStream in = store.get(name)) {
            Cof1Header header = Cof1.readHeader(in);
            try (DecryptedObject plain = Cof1.open(header, in, dataKey, name.getBytes(StandardCharsets.UTF_8))) {
                drain(plain.content(), size);
            }
        }
    }

    static void drain(InputStream in, long expected) {
        try (in) {
            long n = in.transferTo(OutputStream.nullOutputStream());
            if (n != expected) {
                throw new IllegalStateException("read " + n + " bytes, expected " + expected);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void report(List<Long> sizes, int smallCount, int smallBytes) {
        System.out.println();
        System.out.println("Store benchmark: local Swift 2.30 s3api on 127.0.0.1:8080, MiB/s of plaintext over "
                + "interleaved repetitions");
        System.out.printf(Locale.ROOT, "%-36s %10s %10s %10s %4s%n", "contender / operation / size", "median",
                "min", "max", "n");
        samples.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-36s %10.1f %10.1f %10.1f %4d%n", k, median(k),
                v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                v.stream().mapToDouble(Double::doubleValue).max().orElse(0), v.size()));
        failures.forEach((k, why) -> System.out.printf(Locale.ROOT, "%-36s failed in %d of the repetitions: %s%n", k,
                failedRuns.getOrDefault(k, 0), why));
        System.out.println();
        List<String> labels = new ArrayList<>();
        for (long size : sizes) {
            labels.add(label(size));
        }
        if (smallCount > 0) {
            labels.add(smallCount + "x" + smallBytes / 1024 + "KiB");
        }
        for (String l : labels) {
            for (String op : List.of("put", "get")) {
                ratio("coffre-enc-vs-plain-" + op + "-" + l, "coffre-enc " + op + " " + l,
                        "coffre-plain " + op + " " + l);
                ratio("pipe-enc-vs-plain-" + op + "-" + l, "pipe-enc " + op + " " + l,
                        "coffre-plain " + op + " " + l);
                ratio("coffre-vs-rclone-crypt-" + op + "-" + l, "coffre-enc " + op + " " + l,
                        "rclone-crypt " + op + " " + l);
            }
        }
        for (long size : sizes) {
            String l = label(size);
            ratio("s3-vs-aws-sdk-as-shipped-put-" + l, "coffre-enc put " + l, "aws-sdk-plain put " + l);
            ratio("s3-vs-fastest-driver-put-" + l, "coffre-enc put " + l, "aws-sdk-plain put " + l,
                    "aws-sdk-unsigned-plain put " + l);
            ratio("s3-vs-fastest-driver-get-" + l, "coffre-enc get " + l, "aws-sdk-plain get " + l);
            for (String op : List.of("put", "get")) {
                ratio("coffre-vs-s3ec-v4-" + op + "-" + l, "coffre-enc " + op + " " + l, "s3ec-v4 " + op + " " + l);
                if (failures.containsKey("s3ec-v4 " + op + " " + l)) {
                    System.out.printf(Locale.ROOT, "PEER-FAILED s3ec-v4-%s-%s %s%n", op, l,
                            failures.get("s3ec-v4 " + op + " " + l).replace(' ', '_'));
                }
            }
        }
        String largest = label(sizes.get(sizes.size() - 1));
        ratio("s3-vs-fastest-driver", "coffre-enc put " + largest, "aws-sdk-plain put " + largest,
                "aws-sdk-unsigned-plain put " + largest);
    }

    /** The median of a contender's samples, {@code null} if it did not run. */
    private Double median(String name) {
        List<Double> v = samples.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return BenchRuns.median(v);
    }

    /** Prints {@code coffre / baseline} on medians, the baseline being the fastest of {@code baselines}. */
    private void ratio(String name, String coffreName, String... baselines) {
        Double c = median(coffreName);
        Double b = null;
        for (String baseline : baselines) {
            Double v = median(baseline);
            if (v != null && (b == null || v > b)) {
                b = v;
            }
        }
        if (c != null && b != null) {
            System.out.printf(Locale.ROOT, "RATIO %s %.3f%n", name, c / b);
        }
    }

    static Path writeGenerated(Path file, long size) throws IOException {
        if (!Files.exists(file) || Files.size(file) != size) {
            try (InputStream in = GeneratedData.stream(size, size); OutputStream out = Files.newOutputStream(file)) {
                in.transferTo(out);
            }
        }
        return file;
    }
}
