package fr.coffre.hadoop;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.StoreUri;
import fr.coffre.store.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark (local[2]) reading and writing a Coffre vault through {@code coffre://}: synthetic FHIR NDJSON
 * (Patients with a commune, Observations referencing them), observations per commune and month written back
 * encrypted, and a Parquet round trip with column projection. The vault is on the Swift test server through its S3
 * API when it runs on 127.0.0.1:8080 (as {@code scripts/test.sh} starts it), else on a local filesystem store (the
 * test says which); {@code -Dcoffre.hadoop.it.store=s3|file} forces one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoffreSparkIT {
    private static final String BUCKET = "coffre-hadoop-it";
    private static final List<String> COMMUNES = List.of("69123", "13055", "75056", "31555");
    private static final int PATIENTS = 40;
    private static final int OBSERVATIONS = 3000;

    @TempDir
    static Path work;
    String vault;
    String storeUri;
    SparkSession spark;
    /** commune|yyyy-MM -> observations, computed from the generated records. */
    final Map<String, Long> expected = new TreeMap<>();
    double valueSum;

    @BeforeAll
    void start() throws IOException {
        vault = "spark-" + UUID.randomUUID().toString().substring(0, 8);
        boolean s3 = switch (System.getProperty("coffre.hadoop.it.store", "auto")) {
            case "s3" -> true;
            case "file" -> false;
            default -> listening(TestServers.SWIFT_PORT);
        };
        if (s3) {
            TestServers.Backend.S3.require();
        }
        storeUri = s3 ? "s3://" + BUCKET + "?endpoint=http://127.0.0.1:" + TestServers.SWIFT_PORT + "&region="
                + TestServers.SWIFT_S3_REGION + "&pathStyle=true" : "file://" + work.resolve("store").toAbsolutePath();
        System.out.println("CoffreSparkIT: vault " + vault + " on " + (s3 ? "Swift through S3" : "a filesystem store"));
        spark = SparkSession.builder().master("local[2]").appName("coffre-spark-it")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.hadoop.fs.coffre.store.uri", storeUri)
                .config("spark.hadoop.fs.coffre.store.create-container", "true")
                .config("spark.hadoop.fs.coffre.custody.uri", "keystore:" + work.resolve("keys/keystore.bcfks"))
                .config("spark.hadoop.fs.coffre.registry.dir", work.resolve("registry").toString())
                .config("spark.hadoop.fs.coffre.registry.create", "true")   // a fresh vault for this run
                .config("spark.hadoop.fs.coffre.principal", "researcher-it")
                .config("spark.hadoop.fs.coffre.reason", "research: observations per commune (IT)")
                .getOrCreate();
        writeRecords();
    }

    @AfterAll
    void stop() throws IOException {
        try {
            fs().delete(new org.apache.hadoop.fs.Path("/fhir"), true);
            fs().delete(new org.apache.hadoop.fs.Path("/results"), true);
        } finally {
            spark.stop();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private FileSystem fs() throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        return FileSystem.get(URI.create("coffre://" + vault + "/"), conf);
    }

    /** Synthetic, invented records written through the connector, in three NDJSON files per resource type. */
    private void writeRecords() throws IOException {
        Random r = new Random(2026);
        String[] communeOf = new String[PATIENTS];
        StringBuilder[] patients = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        for (int p = 0; p < PATIENTS; p++) {
            communeOf[p] = COMMUNES.get(r.nextInt(COMMUNES.size()));
            patients[p % 3].append("{\"resourceType\":\"Patient\",\"id\":\"pat-").append(p)
                    .append("\",\"address\":[{\"postalCode\":\"").append(communeOf[p]).append("\"}]}\n");
        }
        StringBuilder[] observations = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        for (int o = 0; o < OBSERVATIONS; o++) {
            int p = r.nextInt(PATIENTS);
            String month = "2026-" + String.format("%02d", 1 + r.nextInt(12));
            double value = 3 + r.nextInt(400) / 100.0;
            valueSum += value;
            expected.merge(communeOf[p] + "|" + month, 1L, Long::sum);
            observations[o % 3].append("{\"resourceType\":\"Observation\",\"id\":\"obs-").append(o)
                    .append("\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",")
                    .append("\"code\":\"2339-0\"}]},\"subject\":{\"reference\":\"Patient/pat-").append(p)
                    .append("\"},\"effectiveDateTime\":\"").append(month).append("-1").append(r.nextInt(9))
                    .append("T08:30:00Z\",\"valueQuantity\":{\"value\":").append(value)
                    .append(",\"unit\":\"mmol/L\"}}\n");
        }
        for (int i = 0; i < 3; i++) {
            put("/fhir/Patient/part-" + i + ".ndjson", patients[i].toString());
            put("/fhir/Observation/part-" + i + ".ndjson", observations[i].toString());
        }
    }

    private void put(String path, String content) throws IOException {
        try (OutputStream out = fs().create(new org.apache.hadoop.fs.Path(path), true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String coffre(String path) {
        return "coffre://" + vault + path;
    }

    /**
     * Observations joined to their patient's commune: commune, month, value, and a wide column of incompressible
     * text (768 hex characters per row, distinct per row so no dictionary shrinks it) that a projection must skip.
     */
    private Dataset<Row> joined() {
        Dataset<Row> patients = spark.read().json(coffre("/fhir/Patient"))
                .selectExpr("concat('Patient/', id) AS ref", "address[0].postalCode AS commune");
        return spark.read().json(coffre("/fhir/Observation"))
                .selectExpr("subject.reference AS ref", "effectiveDateTime", "valueQuantity.value AS value")
                .join(patients, "ref")
                .withColumn("month", substring(col("effectiveDateTime"), 1, 7))
                .selectExpr("commune", "month", "value",
                        "concat(sha2(concat(ref, effectiveDateTime, value), 512), sha2(concat(effectiveDateTime, ref), 512),"
                        + " sha2(concat(value, ref), 512), sha2(concat(ref, value, effectiveDateTime), 512),"
                        + " sha2(concat(value, effectiveDateTime), 512), sha2(concat(effectiveDateTime, value, ref), 512))"
                        + " AS padding");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ObservationsPerCommuneAndMonth {
        @Test
        void areComputedFromTheVaultAndWrittenBackEncrypted() throws IOException {
            joined().groupBy("commune", "month").count()
                    .write().mode("overwrite").json(coffre("/results/per-commune-month"));

            Map<String, Long> got = new TreeMap<>();
            for (Row row : spark.read().json(coffre("/results/per-commune-month")).collectAsList()) {
                got.put(row.getAs("commune") + "|" + row.getAs("month"), row.<Long>getAs("count"));
            }
            assertEquals(expected, got);
            assertTrue(fs().exists(new org.apache.hadoop.fs.Path("/results/per-commune-month/_SUCCESS")));
            assertFalse(fs().exists(new org.apache.hadoop.fs.Path("/results/per-commune-month/_temporary")));
            assertStoreHoldsOnlyCiphertext();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Parquet {
        @Test
        void isReadBackWithColumnProjectionFetchingLessThanTheWholeFiles() throws IOException {
            String out = coffre("/results/joined.parquet");
            joined().write().mode("overwrite").parquet(out);
            long plaintextBytes = 0;
            for (var s : fs().listStatus(new org.apache.hadoop.fs.Path("/results/joined.parquet"))) {
                plaintextBytes += s.getLen();
            }
            FileSystem.Statistics stats = FileSystem.getStatistics(CoffreFileSystem.SCHEME, CoffreFileSystem.class);
            long before = stats.getBytesRead();
            Row totals = spark.read().parquet(out).select("commune", "value")
                    .selectExpr("count(*) AS n", "sum(value) AS total", "count(DISTINCT commune) AS communes")
                    .first();
            long read = stats.getBytesRead() - before;
            assertEquals(OBSERVATIONS, totals.<Long>getAs("n"));
            assertEquals(valueSum, totals.<Double>getAs("total"), 1e-6);
            assertEquals(COMMUNES.size(), totals.<Long>getAs("communes"));
            assertTrue(read > 0 && read < plaintextBytes / 2, "projection read " + read + " of " + plaintextBytes
                    + " plaintext bytes: the padding column must have been skipped by seeking");
        }
    }

    /** Every byte the store holds, read raw: no FHIR field name, no record id, no plaintext name. */
    private void assertStoreHoldsOnlyCiphertext() {
        try (ObjectStore raw = ObjectStores.open(StoreUri.parse(storeUri))) {
            String token = null;
            int objects = 0;
            do {
                ListPage page = raw.list("", token, 1000);
                for (ObjectInfo o : page.objects()) {
                    objects++;
                    assertFalse(o.name().contains("Observation") || o.name().contains("per-commune"), o.name());
                    try (InputStream in = raw.get(o.name())) {
                        String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        for (String leak : List.of("resourceType", "pat-1", "postalCode", "69123", "commune")) {
                            assertFalse(bytes.contains(leak), "'" + leak + "' in stored object " + o.name());
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                token = page.nextToken().orElse(null);
            } while (token != null);
            assertTrue(objects >= 6, "objects in the store: " + objects);
        }
    }
}
