package fr.coffre.core.migration;

/**
 * What a {@linkplain Migration#runVerified verified migration} did and what it proved: the run's report, and the
 * verification of the destination against the source (ciphertext depth, every object).
 */
public record VerifiedMigrationReport(MigrationReport migration, VerificationReport verification) {
    public VerifiedMigrationReport {
        if (migration == null || verification == null) {
            throw new fr.coffre.InvalidInputException("migration, verification: must be non-null");
        }
    }

    /** Whether nothing failed and the destination was proved to hold exactly the source. */
    public boolean proven() {
        return migration.complete() && verification.outcome() == VerificationReport.Outcome.CLEAN;
    }

    public String toText() {
        return migration.toText() + verification.toText();
    }

    public String toJson() {
        return "{\"migration\":" + migration.toJson() + ",\"verification\":" + verification.toJson() + "}";
    }
}
