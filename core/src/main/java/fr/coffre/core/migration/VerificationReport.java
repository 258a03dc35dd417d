package fr.coffre.core.migration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence of one verification: inventory (names at both sides, missing on either side), and for the sampled
 * names the content checks at the chosen depth. The first {@value #MAX_LISTED} differences are listed.
 *
 * @param source descriptor of the source, or {@code null} when one store was verified alone
 * @param identical sampled objects found identical (alone: authenticated)
 * @param notSampled objects at both sides outside the sample (inventory only)
 * @param checkedBytes bytes read and hashed or authenticated, both sides together
 */
public record VerificationReport(String source, String destination, Verification.Depth depth, Sample sample,
        long identical, long notSampled, long missingAtDestination, long missingAtSource, long differing,
        long tampered, long unverifiable, long checkedBytes, Duration duration, List<Difference> differences) {
    public static final int MAX_LISTED = 1000;

    /** The verdict. */
    public enum Outcome {
        /** Nothing missing, differing or tampered. */
        CLEAN,
        /** Missing or differing objects (or some could not be checked), none tampered. */
        DIFFERENCES,
        /** At least one object failed authentication. */
        TAMPERED
    }

    public VerificationReport {
        differences = List.copyOf(differences);
    }

    public Outcome outcome() {
        if (tampered > 0) {
            return Outcome.TAMPERED;
        }
        return missingAtDestination + missingAtSource + differing + unverifiable > 0 ? Outcome.DIFFERENCES
                : Outcome.CLEAN;
    }

    /** Summary, then one {@code rclone check --combined}-style line per listed difference. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("verify (").append(depth.name().toLowerCase(java.util.Locale.ROOT)).append(", sample ")
                .append(sample).append("): ").append(source == null ? "" : source + " -> ").append(destination)
                .append('\n');
        sb.append(String.format("  %s: %d identical, %d missing at destination, %d missing at source, %d differing,"
                + " %d tampered, %d unverifiable, %d not sampled; %d bytes checked in %.1f s%n", outcome(), identical,
                missingAtDestination, missingAtSource, differing, tampered, unverifiable, notSampled, checkedBytes,
                duration.toNanos() / 1e9));
        for (Difference d : differences) {
            sb.append(d.kind().symbol()).append(' ').append(d.storeName());
            if (!d.detail().isEmpty()) {
                sb.append("  (").append(d.detail()).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("outcome", outcome());
        doc.put("source", source);
        doc.put("destination", destination);
        doc.put("depth", depth);
        doc.put("sample", sample.toString());
        doc.put("identical", identical);
        doc.put("notSampled", notSampled);
        doc.put("missingAtDestination", missingAtDestination);
        doc.put("missingAtSource", missingAtSource);
        doc.put("differing", differing);
        doc.put("tampered", tampered);
        doc.put("unverifiable", unverifiable);
        doc.put("checkedBytes", checkedBytes);
        doc.put("durationSeconds", duration.toNanos() / 1e9);
        doc.put("differences", differences.stream().map(d -> Map.of("storeName", d.storeName(), "kind", d.kind(),
                "symbol", d.kind().symbol(), "detail", d.detail())).toList());
        return Json.of(doc);
    }
}
