package fr.coffre.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.coffre.InvalidInputException;
import fr.coffre.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.HexFormat;
import java.util.List;

/**
 * Retention of the trail (AUDIT.md, "Retention"): whole rotated files whose last record is older than the retention
 * are removed, oldest first, never the file being written. Before removing them the sink writes the
 * <em>anchor</em> {@value #ANCHOR}: one line authenticated under the trail's key naming the first retained file, its
 * first sequence number and the SHA-256 of the last pruned record, so that {@link AuditVerifier} starts from the
 * retained head and reports the pruned range instead of missing files.
 */
final class AuditRetention {
    static final String ANCHOR = "audit-retention.json";
    static final TemporalAmount DEFAULT = Period.ofMonths(6);
    static final long MAX_DAYS = 100L * 366;
    private static final Instant REFERENCE = Instant.parse("2000-01-01T00:00:00Z");

    /** The trail resumes at {@code firstFile} and {@code firstSeq}, chained to {@code prev}; authentic if its MAC is. */
    record Anchor(int firstFile, long firstSeq, String prev, boolean authentic) {
    }

    private AuditRetention() {
    }

    /** A retention of 1 day to 100 years, as a {@link Period} or a {@link Duration}. */
    static TemporalAmount checked(String field, TemporalAmount retention) {
        if (retention == null) {
            throw new InvalidInputException(field + ": must be non-null (a Period or a Duration)");
        }
        long days;
        try {
            days = Duration.between(cutoff(REFERENCE, retention), REFERENCE).toDays();
        } catch (DateTimeException | ArithmeticException e) {
            days = -1;
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidInputException(field + ": must be from 1 day to 100 years, was " + retention);
        }
        return retention;
    }

    static Instant cutoff(Instant now, TemporalAmount retention) {
        return now.atZone(ZoneOffset.UTC).minus(retention).toInstant();
    }

    /**
     * Removes the oldest files entirely older than {@code cutoff} (never the last file), after writing the anchor.
     * Returns what was pruned, for the trail's own record, or {@code null} if nothing was.
     */
    static String prune(Path dir, SecretBytes key, Instant cutoff, Instant now) throws IOException {
        List<Path> files = AuditVerifier.trailFiles(dir);
        String lastLine = null;
        int pruned = 0;
        for (int i = 0; i < files.size() - 1; i++) {
            List<String> lines = Files.readAllLines(files.get(i), StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                JsonNode last = AuditLines.JSON.readTree(lines.get(lines.size() - 1));
                if (!Instant.parse(last.path("time").asText()).isBefore(cutoff)) {
                    break;
                }
                lastLine = lines.get(lines.size() - 1);
            }
            pruned = i + 1;
        }
        if (lastLine == null) {
            return null;
        }
        long lastSeq = AuditLines.JSON.readTree(lastLine).path("seq").asLong();
        int firstFile = AuditLines.fileIndex(files.get(pruned));
        write(dir, key, new Anchor(firstFile, lastSeq + 1, AuditLines.hash(lastLine), true), now);
        for (int i = 0; i < pruned; i++) {
            Files.delete(files.get(i));
        }
        return "retention: removed trail files through " + files.get(pruned - 1).getFileName() + " (records through"
                + " seq " + lastSeq + ", all older than " + cutoff + ")";
    }

    private static void write(Path dir, SecretBytes key, Anchor a, Instant now) throws IOException {
        ObjectNode n = AuditLines.JSON.createObjectNode().put("action", "retention").put("time", now.toString())
                .put("firstFile", a.firstFile()).put("firstSeq", a.firstSeq()).put("prev", a.prev());
        String body = n.toString();
        String line = body.substring(0, body.length() - 1) + AuditLines.MAC_FIELD
                + HexFormat.of().formatHex(AuditLines.mac(key, body)) + "\"}";
        Path tmp = dir.resolve(ANCHOR + ".tmp");
        Files.deleteIfExists(tmp);
        AuditKey.createPrivateFile(tmp);
        Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
        try (var c = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, dir.resolve(ANCHOR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The anchor of the trail in {@code dir}, or {@code null} if nothing was ever pruned. */
    static Anchor read(Path dir, SecretBytes key) {
        Path file = dir.resolve(ANCHOR);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            String line = Files.readString(file, StandardCharsets.UTF_8).strip();
            JsonNode n = AuditLines.JSON.readTree(line);
            boolean authentic = AuditLines.macValid(line, key) && "retention".equals(n.path("action").asText())
                    && n.path("firstFile").asInt() > 1 && n.path("firstSeq").asLong() > 1;
            return new Anchor(n.path("firstFile").asInt(), n.path("firstSeq").asLong(), n.path("prev").asText(),
                    authentic);
        } catch (IOException | RuntimeException e) {
            return new Anchor(0, 0, null, false);
        }
    }
}
