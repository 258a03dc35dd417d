package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditVerifier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code audit export --subject S [--from T] [--to T]}: one patient's access history. The records are those whose
 * subject pseudonym is one of {@code KeyRegistry.auditSubjectPseudonyms(S)} (every pseudonym-secret version), plus
 * every access to an object put for that subject (reads record the object only). The subject itself is never
 * printed: only its pseudonyms. The export itself is recorded in the trail ({@code audit-export}, with the subject's
 * pseudonym, the principal and the reason).
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print one patient's access history from the audit trail (pseudonymous ids only; the subject"
                + " is never printed back).")
final class AuditExportCommand extends StoreSubcommand {
    @Option(names = "--subject", required = true, paramLabel = "S", description = "the subject given to put --subject")
    String subject;

    @Option(names = "--from", paramLabel = "ISO", description = "from this instant (2026-06-01T00:00:00Z) or date"
            + " (2026-06-01, from its start, UTC), inclusive")
    String from;

    @Option(names = "--to", paramLabel = "ISO", description = "to this instant, inclusive, or date (through its end,"
            + " UTC)")
    String to;

    @Option(names = "--format", paramLabel = "table|jsonl", description = "table (default) or JSON lines")
    String format;

    @Override
    public Integer call() {
        boolean jsonLines = AuditListing.jsonLines(format);
        Instant start = from == null ? Instant.MIN : instant("--from", from, false);
        Instant end = to == null ? Instant.MAX : instant("--to", to, true);
        if (start.isAfter(end)) {
            throw new InvalidInputException("--from, --to: --from must not be after --to");
        }
        Settings s = settings();
        List<String> pseudonyms;
        List<AuditRecord> all;
        try (Session session = new Session(s, s.vault(), io().err(), Session.Scope.REGISTRY)) {
            pseudonyms = session.registry.auditSubjectPseudonyms(subject);
            all = AuditVerifier.read(session.auditDirectory());
            session.registry.recordAuditConsultation(s.principal(), "audit-export", subject, s.reason());
        }
        List<AuditRecord> history = history(all, Set.copyOf(pseudonyms)).stream()
                .filter(r -> !r.time().isBefore(start) && !r.time().isAfter(end)).toList();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("subjectPseudonyms", pseudonyms);
        doc.put("from", from == null ? null : start.toString());
        doc.put("to", to == null ? null : end.toString());
        doc.put("count", history.size());
        Output out = output();
        out.info("subject pseudonyms: %s; %d record(s)", String.join(", ", pseudonyms), history.size());
        AuditListing.print(out, history, jsonLines, doc);
        return ExitCodes.OK;
    }

    /** The records naming the subject, and every record on an object stored for it. */
    static List<AuditRecord> history(List<AuditRecord> all, Set<String> subjectPseudonyms) {
        Set<String> objects = new HashSet<>();
        for (AuditRecord r : all) {
            if (r.subject() != null && subjectPseudonyms.contains(r.subject()) && r.object() != null) {
                objects.add(r.object());
            }
        }
        return all.stream().filter(r -> r.subject() != null && subjectPseudonyms.contains(r.subject())
                || r.object() != null && objects.contains(r.object())).toList();
    }

    private static Instant instant(String option, String value, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate d = LocalDate.parse(value);
                return endOfDay ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
                        : d.atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(option + ": must be an ISO-8601 instant (2026-06-01T08:00:00Z) or"
                        + " date (2026-06-01), was " + (value.length() <= 40 ? "'" + value + "'"
                        : value.length() + " characters"));
            }
        }
    }
}
