package fr.coffre.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The destruction-certificate rules of {@link AuditVerifier} (AUDIT.md): a certificate is well-formed (subject
 * pseudonym, outcome ok, a list of destroyed key versions), and every successful shred record follows a certificate
 * for the same subject pseudonym not already claimed by an earlier shred.
 */
final class Certificates {
    private static final Pattern KEY_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,128}:v([0-9]{1,9}|\\?)");
    private static final Pattern PSEUDONYM = Pattern.compile("p[0-9]{1,9}\\.[a-z2-7]{52}");
    private final Map<String, Integer> pending = new HashMap<>();

    static boolean isCertificate(JsonNode n) {
        return AuditRecord.DESTRUCTION_CERTIFICATE.equals(n.path("action").asText());
    }

    /** Counts a certificate whose MAC failed (already reported) so that its shred is not reported a second time. */
    void claimed(JsonNode n) {
        if (isCertificate(n)) {
            pending.merge(n.path("subject").asText(), 1, Integer::sum);
        }
    }

    /** The certificate problem of an authentic record in place, if any. */
    Optional<AuditProblem> check(JsonNode n) {
        long seq = n.path("seq").asLong();
        String subject = n.path("subject").asText();
        if (isCertificate(n)) {
            pending.merge(subject, 1, Integer::sum);
            return wellFormed(n) ? Optional.empty() : Optional.of(new AuditProblem(seq,
                    AuditProblem.Reason.BAD_CERTIFICATE, "certificate lacks a subject pseudonym, an ok outcome or "
                    + "a well-formed list of destroyed key versions"));
        }
        if (AuditRecord.SHRED.equals(n.path("action").asText()) && AuditRecord.OK.equals(n.path("outcome").asText())) {
            Integer left = pending.get(subject);
            if (left == null || left == 0) {
                return Optional.of(new AuditProblem(seq, AuditProblem.Reason.MISSING_CERTIFICATE,
                        "shred recorded without a destruction certificate for its subject before it"));
            }
            pending.put(subject, left - 1);
        }
        return Optional.empty();
    }

    private static boolean wellFormed(JsonNode n) {
        JsonNode keys = n.get("keys");
        if (!PSEUDONYM.matcher(n.path("subject").asText()).matches() || !AuditRecord.OK.equals(
                n.path("outcome").asText()) || keys == null || !keys.isArray()) {
            return false;
        }
        for (JsonNode k : keys) {
            if (!k.isTextual() || !KEY_VERSION.matcher(k.asText()).matches()) {
                return false;
            }
        }
        return true;
    }
}
