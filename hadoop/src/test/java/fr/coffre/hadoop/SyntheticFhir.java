package fr.coffre.hadoop;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Synthetic, invented FHIR NDJSON for the Spark test and benchmark: Patients with a commune (postal code) and
 * Observations referencing them, spread over a number of files per resource type, with what the observations-per-
 * commune-and-month job must find. No real person: ids are {@code pat-N}/{@code obs-N}, values random.
 */
final class SyntheticFhir {
    static final List<String> COMMUNES = List.of("69123", "13055", "75056", "31555");

    /** NDJSON content of each Patient file, then of each Observation file. */
    final String[] patientFiles;
    final String[] observationFiles;
    /** commune|yyyy-MM -> observations. */
    final Map<String, Long> perCommuneAndMonth = new TreeMap<>();
    final int observations;
    double valueSum;

    private SyntheticFhir(int files, int observations) {
        this.patientFiles = new String[files];
        this.observationFiles = new String[files];
        this.observations = observations;
    }

    static SyntheticFhir generate(long seed, int patients, int observations, int files) {
        SyntheticFhir fhir = new SyntheticFhir(files, observations);
        Random r = new Random(seed);
        String[] communeOf = new String[patients];
        StringBuilder[] pat = builders(files);
        for (int p = 0; p < patients; p++) {
            communeOf[p] = COMMUNES.get(r.nextInt(COMMUNES.size()));
            pat[p % files].append("{\"resourceType\":\"Patient\",\"id\":\"pat-").append(p)
                    .append("\",\"address\":[{\"postalCode\":\"").append(communeOf[p]).append("\"}]}\n");
        }
        StringBuilder[] obs = builders(files);
        for (int o = 0; o < observations; o++) {
            int p = r.nextInt(patients);
            String month = "2026-" + String.format("%02d", 1 + r.nextInt(12));
            double value = 3 + r.nextInt(400) / 100.0;
            fhir.valueSum += value;
            fhir.perCommuneAndMonth.merge(communeOf[p] + "|" + month, 1L, Long::sum);
            obs[o % files].append("{\"resourceType\":\"Observation\",\"id\":\"obs-").append(o)
                    .append("\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",")
                    .append("\"code\":\"2339-0\"}]},\"subject\":{\"reference\":\"Patient/pat-").append(p)
                    .append("\"},\"effectiveDateTime\":\"").append(month).append("-1").append(r.nextInt(9))
                    .append("T08:30:00Z\",\"valueQuantity\":{\"value\":").append(value)
                    .append(",\"unit\":\"mmol/L\"}}\n");
        }
        for (int i = 0; i < files; i++) {
            fhir.patientFiles[i] = pat[i].toString();
            fhir.observationFiles[i] = obs[i].toString();
        }
        return fhir;
    }

    private static StringBuilder[] builders(int n) {
        StringBuilder[] b = new StringBuilder[n];
        for (int i = 0; i < n; i++) {
            b[i] = new StringBuilder();
        }
        return b;
    }
}
