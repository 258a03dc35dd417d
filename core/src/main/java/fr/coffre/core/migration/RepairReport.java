package fr.coffre.core.migration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evidence of one {@link Repair}: what was copied to the lagging replica (and removed from it), then what the
 * ciphertext verification found.
 */
public record RepairReport(MigrationReport copy, VerificationReport verification) {

    /** Whether every copy succeeded and the verification found both replicas identical. */
    public boolean repaired() {
        return copy.complete() && verification.outcome() == VerificationReport.Outcome.CLEAN;
    }

    public String toText() {
        return (repaired() ? "repair: in line\n" : "repair: NOT in line\n") + copy.toText() + verification.toText();
    }

    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("repaired", repaired());
        doc.put("copy", new Json.Raw(copy.toJson()));
        doc.put("verification", new Json.Raw(verification.toJson()));
        return Json.of(doc);
    }
}
