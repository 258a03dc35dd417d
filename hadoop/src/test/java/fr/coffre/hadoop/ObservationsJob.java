package fr.coffre.hadoop;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The research job of the Spark test and benchmark, over any Hadoop root ({@code coffre://vault} or
 * {@code s3a://bucket}): FHIR NDJSON under {@code <root>/fhir/Patient} and {@code <root>/fhir/Observation},
 * observations joined to their patient's commune, counted per commune and month.
 */
final class ObservationsJob {
    private ObservationsJob() {
    }

    /**
     * A local Spark ({@code local[2]}, no UI, two shuffle partitions) whose {@code coffre://} vaults are on
     * {@code storeUri}, with a development keystore and a registry under {@code work} (created if missing).
     */
    static SparkSession.Builder localSpark(String app, String storeUri, java.nio.file.Path work, String principal,
            String reason) {
        return SparkSession.builder().master("local[2]").appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.hadoop.fs.coffre.store.uri", storeUri)
                .config("spark.hadoop.fs.coffre.store.create-container", "true")
                .config("spark.hadoop.fs.coffre.custody.uri", "keystore:" + work.resolve("keys/keystore.bcfks"))
                .config("spark.hadoop.fs.coffre.registry.dir", work.resolve("registry").toString())
                .config("spark.hadoop.fs.coffre.registry.create", "true")   // a fresh vault for this run
                .config("spark.hadoop.fs.coffre.principal", principal)
                .config("spark.hadoop.fs.coffre.reason", reason);
    }

    /** Observations with their patient's commune: ref, effectiveDateTime, value, commune, month. */
    static Dataset<Row> observationsWithCommune(SparkSession spark, String root) {
        Dataset<Row> patients = spark.read().json(root + "/fhir/Patient")
                .selectExpr("concat('Patient/', id) AS ref", "address[0].postalCode AS commune");
        return spark.read().json(root + "/fhir/Observation")
                .selectExpr("subject.reference AS ref", "effectiveDateTime", "valueQuantity.value AS value")
                .join(patients, "ref")
                .withColumn("month", substring(col("effectiveDateTime"), 1, 7));
    }

    /** Reads the records under {@code root}, counts observations per commune and month, writes them to {@code out}. */
    static void countPerCommuneAndMonth(SparkSession spark, String root, String out) {
        observationsWithCommune(spark, root).groupBy("commune", "month").count()
                .write().mode("overwrite").json(out);
    }

    /** What {@link #countPerCommuneAndMonth} wrote to {@code out}: commune|yyyy-MM -> observations. */
    static Map<String, Long> readCounts(SparkSession spark, String out) {
        Map<String, Long> got = new TreeMap<>();
        for (Row row : spark.read().json(out).collectAsList()) {
            got.put(row.getAs("commune") + "|" + row.getAs("month"), row.<Long>getAs("count"));
        }
        return got;
    }
}
