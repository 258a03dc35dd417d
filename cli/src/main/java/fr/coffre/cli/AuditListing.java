package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints audit records for {@code audit tail} and {@code audit export}: a table (default), JSON lines
 * ({@code --format jsonl}) or, with {@code --json}, one document. Records hold only pseudonymous ids.
 */
final class AuditListing {
    static final String HEADER = "SEQ TIME PRINCIPAL ACTION VAULT OBJECT SUBJECT REASON OUTCOME";

    private AuditListing() {
    }

    /** {@code table} or {@code jsonl}; {@code null} means table. */
    static boolean jsonLines(String format) {
        if (format == null) {
            return false;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> false;
            case "jsonl" -> true;
            default -> throw new InvalidInputException("--format: must be table or jsonl, was '"
                    + (format.length() <= 16 ? format : format.length() + " characters") + "'");
        };
    }

    static void print(Output out, List<AuditRecord> records, boolean jsonLines, Map<String, Object> document) {
        if (jsonLines) {
            for (AuditRecord r : records) {
                out.data("%s", Output.toCompactJson(fields(r)));
            }
        } else {
            out.data("%s", HEADER);
            for (AuditRecord r : records) {
                out.data("%d %s %s %s %s %s %s %s %s", r.seq(), r.time(), dash(r.principal()), dash(r.action()),
                        dash(r.vault()), dash(r.object()), dash(r.subject()), quoted(r.reason()), dash(r.outcome()));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>(document);
        doc.put("records", records.stream().map(AuditListing::fields).toList());
        out.document(doc);
    }

    static Map<String, Object> fields(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("time", r.time().toString());
        put(m, "principal", r.principal());
        put(m, "action", r.action());
        put(m, "vault", r.vault());
        put(m, "store", r.store());
        put(m, "object", r.object());
        put(m, "subject", r.subject());
        put(m, "reason", r.reason());
        put(m, "outcome", r.outcome());
        return m;
    }

    private static void put(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String dash(String v) {
        return v == null ? "-" : v;
    }

    private static String quoted(String v) {
        return v == null ? "-" : "\"" + v.replace("\"", "\\\"") + "\"";
    }
}
