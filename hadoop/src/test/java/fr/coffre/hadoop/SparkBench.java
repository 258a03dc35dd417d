package fr.coffre.hadoop;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.StoreUri;
import fr.coffre.store.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/bench.sh spark}: the research job of {@link ObservationsJob} (FHIR NDJSON read, joined, counted per
 * commune and month, the result written back) run by a real Spark ({@code local[2]}) over a Coffre vault
 * ({@code coffre://}, ciphertext on the Swift test server through its S3 API) and over the same records in plaintext
 * through Hadoop's own S3A connector ({@code s3a://}) on the same server, in one JVM and one Spark session. S3A runs
 * twice: with its default input stream (hadoop-aws 3.5: the analytics accelerator, which keeps the blocks it read
 * in memory, so a second pass over a file may not reach the server) and, on a second bucket holding the same
 * records, with its classic stream (every read from the server, as Coffre reads). Repetitions are interleaved (the
 * order rotates), each result is checked against the generated records outside the timing, and one warm-up job per
 * side is not counted.
 *
 * <p>Arguments: work directory, observations, files per resource type, repetitions. Prints a table,
 * {@code RATIO spark-coffre-vs-plaintext <default-stream median seconds / Coffre median seconds>} (records per second
 * through Coffre over records per second in plaintext) and the same against the classic stream,
 * {@code RATIO spark-coffre-vs-plaintext-classic-stream}.
 */
public final class SparkBench {
    private static final String VAULT_BUCKET = "coffre-bench-spark-vault";
    private static final String PLAIN_BUCKET = "coffre-bench-spark-plain";
    /** The same plaintext read through S3A's classic input stream: every read goes to the server. */
    private static final String CLASSIC_BUCKET = "coffre-bench-spark-classic";

    private SparkBench() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        int observations = Integer.parseInt(args[1]);
        int files = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        String endpoint = "http://127.0.0.1:" + TestServers.SWIFT_PORT;
        String vaultStore = "s3://" + VAULT_BUCKET + "?endpoint=" + endpoint + "&region=" + TestServers.SWIFT_S3_REGION
                + "&pathStyle=true";
        for (String bucket : List.of(PLAIN_BUCKET, CLASSIC_BUCKET)) {
            try (ObjectStore plain = ObjectStores.open(StoreUri.parse("s3://" + bucket + "?endpoint=" + endpoint
                    + "&region=" + TestServers.SWIFT_S3_REGION + "&pathStyle=true"))) {
                plain.createContainerIfAbsent();
            }
        }
        SparkSession spark = ObservationsJob.localSpark("coffre-spark-bench", vaultStore, work, "researcher-bench",
                        "research: observations per commune (benchmark)")
                .config("spark.hadoop.fs.s3a.endpoint", endpoint)
                .config("spark.hadoop.fs.s3a.endpoint.region", TestServers.SWIFT_S3_REGION)
                .config("spark.hadoop.fs.s3a.path.style.access", "true")
                .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
                .config("spark.hadoop.fs.s3a.access.key", TestServers.SWIFT_USER)
                .config("spark.hadoop.fs.s3a.secret.key", TestServers.SWIFT_KEY)
                .config("spark.hadoop.fs.s3a.bucket.probe", "0")
                .config("spark.hadoop.fs.s3a.http.signer.enabled", "true")
                .config("spark.hadoop.fs.s3a.http.signer.class", UnchunkedSigV4Signer.class.getName())
                .config("spark.hadoop.fs.s3a.bucket." + CLASSIC_BUCKET + ".input.stream.type", "classic")
                .getOrCreate();
        try {
            SyntheticFhir fhir = SyntheticFhir.generate(2026, Math.max(40, observations / 50), observations, files);
            String coffre = "coffre://bench-" + Long.toHexString(System.nanoTime());
            String s3a = "s3a://" + PLAIN_BUCKET + "/bench-" + Long.toHexString(System.nanoTime());
            String classic = "s3a://" + CLASSIC_BUCKET + "/bench-" + Long.toHexString(System.nanoTime());
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            double writeCoffre = write(conf, coffre, fhir);
            double writePlain = write(conf, s3a, fhir);
            write(conf, classic, fhir);
            long bytes = 0;
            for (int i = 0; i < files; i++) {
                bytes += fhir.patientFiles[i].length() + fhir.observationFiles[i].length();
            }
            System.out.printf("records: %,d observations, %,d bytes of NDJSON in %d files per resource type%n",
                    observations, bytes, files);
            System.out.printf("ingest (FileSystem.create, not the job): coffre %.2f s, s3a %.2f s%n",
                    writeCoffre, writePlain);
            List<String> roots = List.of(coffre, s3a, classic);
            List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (String root : roots) {
                job(spark, root, fhir);
            }
            for (int r = 0; r < reps; r++) {
                for (int k = 0; k < roots.size(); k++) {   // the order rotates: each side leads in turn
                    int side = (r + k) % roots.size();
                    times.get(side).add(job(spark, roots.get(side), fhir));
                }
                System.out.printf("  repetition %d/%d: coffre %.2f s, s3a %.2f s, s3a classic stream %.2f s%n", r + 1,
                        reps, times.get(0).get(r), times.get(1).get(r), times.get(2).get(r));
            }
            System.out.printf("%-42s %10s %10s %10s %14s%n", "job (read, join, count, write)", "median s", "min s",
                    "max s", "records/s");
            row("coffre:// (encrypted, Swift S3)", times.get(0), observations);
            row("s3a:// (plaintext, default stream)", times.get(1), observations);
            row("s3a:// (plaintext, classic stream)", times.get(2), observations);
            System.out.printf("RATIO spark-coffre-vs-plaintext %.3f%n", median(times.get(1)) / median(times.get(0)));
            System.out.printf("RATIO spark-coffre-vs-plaintext-classic-stream %.3f%n",
                    median(times.get(2)) / median(times.get(0)));
            FileSystem.get(URI.create(coffre + "/"), conf).delete(new org.apache.hadoop.fs.Path("/"), true);
            for (String plainRoot : List.of(s3a, classic)) {
                FileSystem.get(URI.create(plainRoot), conf).delete(new org.apache.hadoop.fs.Path(plainRoot), true);
            }
        } finally {
            spark.stop();
        }
    }

    private static double write(Configuration conf, String root, SyntheticFhir fhir) throws IOException {
        long start = System.nanoTime();
        FileSystem fs = FileSystem.get(URI.create(root + "/"), conf);
        for (int i = 0; i < fhir.patientFiles.length; i++) {
            put(fs, root + "/fhir/Patient/part-" + i + ".ndjson", fhir.patientFiles[i]);
            put(fs, root + "/fhir/Observation/part-" + i + ".ndjson", fhir.observationFiles[i]);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void put(FileSystem fs, String path, String content) throws IOException {
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(path), true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One timed job; its result is checked afterwards, outside the timing. */
    private static double job(SparkSession spark, String root, SyntheticFhir fhir) {
        String out = root + "/results/per-commune-month";
        long start = System.nanoTime();
        ObservationsJob.countPerCommuneAndMonth(spark, root, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> got = ObservationsJob.readCounts(spark, out);
        if (!got.equals(fhir.perCommuneAndMonth)) {
            throw new IllegalStateException("the job over " + root.substring(0, root.indexOf(':'))
                    + " computed a wrong result: " + got.size() + " groups instead of " + fhir.perCommuneAndMonth.size());
        }
        return seconds;
    }

    private static void row(String name, List<Double> times, int observations) {
        double median = median(times);
        System.out.printf("%-42s %10.2f %10.2f %10.2f %,14.0f%n", name, median, Collections.min(times),
                Collections.max(times), observations / median);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
