package fr.coffre.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import fr.coffre.CoffreException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyCustodian;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and verifies a trail written by {@link DirectoryAuditSink} (AUDIT.md, "What verify detects"): every line's
 * HMAC under the custody-held key, the SHA-256 chain, contiguous sequence numbers across contiguous files,
 * checkpoints, and a final checkpoint at the end.
 */
public final class AuditVerifier {
    private AuditVerifier() {
    }

    /** Walks the whole trail in {@code dir}, unwrapping its key through {@code custodian}. */
    public static AuditReport verify(Path dir, KeyCustodian custodian) {
        try (SecretBytes key = AuditKey.open(dir, custodian)) {
            AuditRetention.Anchor anchor = AuditRetention.read(dir, key);
            AuditRetention.Anchor start = anchor != null && anchor.authentic() ? anchor
                    : new AuditRetention.Anchor(1, 1, AuditLines.GENESIS, true);
            List<Path> files = trailFiles(dir).stream().filter(f -> AuditLines.fileIndex(f) >= start.firstFile())
                    .toList();
            Walk walk = new Walk(files, lines(files, start.firstFile()), key, start);
            if (anchor != null && !anchor.authentic()) {
                walk.problem(1, AuditProblem.Reason.FORGED_CHECKPOINT, "the retention anchor "
                        + AuditRetention.ANCHOR + " does not verify under the custody-held audit key");
            }
            return walk.run();
        }
    }

    /**
     * The destruction certificates (AUDIT.md) naming one of {@code subjectPseudonyms} whose HMAC verifies under the
     * custody-held key, in trail order; run {@link #verify} to know the trail around them is whole.
     */
    public static List<AuditRecord> certificates(Path dir, KeyCustodian custodian,
            Collection<String> subjectPseudonyms) {
        List<AuditRecord> out = new ArrayList<>();
        try (SecretBytes key = AuditKey.open(dir, custodian)) {
            for (Line l : lines(trailFiles(dir), 1)) {
                if (l.node != null && Certificates.isCertificate(l.node)
                        && subjectPseudonyms.contains(l.node.path("subject").asText())
                        && AuditLines.macValid(l.text, key)) {
                    out.add(AuditLines.decode(l.node));
                }
            }
        }
        return out;
    }

    /** Whether {@code seal} is the seal of {@code data} for {@code purpose} under the trail's key in {@code dir}. */
    public static boolean sealValid(Path dir, KeyCustodian custodian, String purpose, byte[] data, String seal) {
        try (SecretBytes key = AuditKey.open(dir, custodian)) {
            return seal != null && java.security.MessageDigest.isEqual(AuditLines.seal(key, purpose, data)
                    .getBytes(StandardCharsets.US_ASCII), seal.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Every well-formed record of the trail, in file order, without verifying it (for export and tail). */
    public static List<AuditRecord> read(Path dir) {
        List<AuditRecord> out = new ArrayList<>();
        for (Line l : lines(trailFiles(dir), 1)) {
            if (l.node != null) {
                out.add(AuditLines.decode(l.node));
            }
        }
        return out;
    }

    static List<Path> trailFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> AuditLines.fileIndex(p) > 0).sorted().toList();
        } catch (IOException e) {
            throw new CoffreException("audit trail " + dir + ": cannot list (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One line with the file it is in, whether a file gap precedes it, and its parsed form (null if malformed). */
    private record Line(String file, String text, boolean fileGapBefore, JsonNode node) {
    }

    /** The lines of {@code files}, the first expected to be number {@code firstFile}. */
    private static List<Line> lines(List<Path> files, int firstFile) {
        List<Line> out = new ArrayList<>();
        int expectedFile = firstFile;
        for (Path f : files) {
            int index = AuditLines.fileIndex(f);
            boolean gap = index != expectedFile;
            expectedFile = index + 1;
            try {
                for (String text : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    out.add(new Line(f.getFileName().toString(), text, gap, parse(text)));
                    gap = false;
                }
            } catch (IOException e) {
                throw new CoffreException("audit trail " + f + ": unreadable (" + e.getClass().getSimpleName() + ")");
            }
        }
        return out;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode n = AuditLines.JSON.readTree(text);
            AuditLines.decode(n);
            return n.path("seq").canConvertToLong() && n.path("seq").asLong() > 0 ? n : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One pass over the lines, resynchronising after each problem so that every problem is reported. */
    private static final class Walk {
        private final List<Line> lines;
        private final SecretBytes key;
        private final List<AuditProblem> problems = new ArrayList<>();
        private final Set<Long> reportedOutOfOrder = new HashSet<>();
        private final Certificates certificates = new Certificates();
        private long expected;
        private String prev;
        private final long prunedThrough;
        private long valid;
        private long missing;
        private boolean endsWithFinal;
        private final Map<String, FileTally> files = new LinkedHashMap<>();
        private FileTally current;

        Walk(List<Path> trailFiles, List<Line> lines, SecretBytes key, AuditRetention.Anchor start) {
            this.lines = lines;
            this.key = key;
            this.expected = start.firstSeq();
            this.prev = start.prev();
            this.prunedThrough = start.firstSeq() - 1;
            for (Path f : trailFiles) {
                files.put(f.getFileName().toString(), new FileTally(f.getFileName().toString()));
            }
        }

        AuditReport run() {
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                current = files.get(l.file);
                current.saw(l.node);
                long before = valid;
                check(i, l);
                current.valid += valid - before;
            }
            if (!lines.isEmpty() && !endsWithFinal) {
                problem(expected, AuditProblem.Reason.TRUNCATED,
                        "the trail does not end with a final checkpoint after seq " + (expected - 1));
            }
            return new AuditReport(valid, lines.size() + missing, problems,
                    files.values().stream().map(FileTally::toFile).toList(), prunedThrough);
        }

        private void check(int i, Line l) {
            endsWithFinal = false;
            if (l.node == null) {
                problem(expected, AuditProblem.Reason.MALFORMED, "line is not a well-formed record");
                expected++;
                prev = AuditLines.hash(l.text);
                return;
            }
            long seq = l.node.path("seq").asLong();
            boolean checkpoint = AuditRecord.CHECKPOINT.equals(l.node.path("action").asText());
            if (!AuditLines.macValid(l.text, key)) {
                problem(seq, checkpoint ? AuditProblem.Reason.FORGED_CHECKPOINT
                        : Certificates.isCertificate(l.node) ? AuditProblem.Reason.FORGED_CERTIFICATE
                        : AuditProblem.Reason.BAD_MAC, "HMAC does not verify under the custody-held audit key");
                certificates.claimed(l.node);
                resync(seq, l);
                prev = null; // the altered record is reported once: the next one is chained to what it claims
                return;
            }
            if (seq < expected) {
                if (!reportedOutOfOrder.remove(seq)) {
                    problem(seq, AuditProblem.Reason.INSERTED, "seq " + seq + " again after seq " + (expected - 1));
                }
                return;
            }
            Optional<AuditProblem> certificate = certificates.check(l.node);
            certificate.ifPresent(problems::add);
            long countsValid = certificate.isPresent() ? 0 : 1;
            if (seq > expected) {
                if (l.fileGapBefore) {
                    problem(expected, AuditProblem.Reason.MISSING_FILE, "a trail file is missing: seq " + expected
                            + " to " + (seq - 1));
                    missing += seq - expected;
                } else if (appearsLater(i, expected)) {
                    problem(expected, AuditProblem.Reason.OUT_OF_ORDER, "seq " + seq + " comes before seq "
                            + expected);
                    for (long s = expected; s < seq; s++) {
                        reportedOutOfOrder.add(s);
                    }
                } else {
                    problem(expected, AuditProblem.Reason.MISSING_RECORDS, "seq " + expected + " to " + (seq - 1)
                            + " deleted");
                    missing += seq - expected;
                }
                resync(seq, l);
                valid += countsValid;
                endsWithFinal = isFinal(l);
                return;
            }
            if (prev != null && !prev.equals(l.node.path("prev").asText())) {
                problem(seq, AuditProblem.Reason.BROKEN_CHAIN, "prev is not the SHA-256 of the previous record");
            } else if (checkpoint && (l.node.path("count").asLong(-1) != seq - 1
                    || !l.node.path("prev").asText().equals(l.node.path("head").asText()))) {
                problem(seq, AuditProblem.Reason.FORGED_CHECKPOINT, "count or head does not match the trail");
            } else {
                valid += countsValid;
                endsWithFinal = isFinal(l);
            }
            resync(seq, l);
        }

        private static boolean isFinal(Line l) {
            return AuditRecord.CHECKPOINT.equals(l.node.path("action").asText()) && l.node.path("final").asBoolean();
        }

        private boolean appearsLater(int i, long seq) {
            for (int j = i + 1; j < lines.size(); j++) {
                JsonNode n = lines.get(j).node;
                if (n != null && n.path("seq").asLong() == seq) {
                    return true;
                }
            }
            return false;
        }

        private void resync(long seq, Line l) {
            expected = seq + 1;
            prev = AuditLines.hash(l.text);
        }

        private void problem(long seq, AuditProblem.Reason reason, String detail) {
            AuditProblem p = new AuditProblem(seq, reason, detail);
            problems.add(p);
            if (current != null) {
                current.problems.add(p);
            }
        }
    }

    /** What the walk found in one file. */
    private static final class FileTally {
        final String name;
        final List<AuditProblem> problems = new ArrayList<>();
        long first;
        long last;
        long records;
        long valid;

        FileTally(String name) {
            this.name = name;
        }

        void saw(JsonNode node) {
            records++;
            if (node != null) {
                long seq = node.path("seq").asLong();
                first = first == 0 ? seq : Math.min(first, seq);
                last = Math.max(last, seq);
            }
        }

        AuditFile toFile() {
            return new AuditFile(name, first, last, records, valid, problems);
        }
    }
}
