package fr.coffre.core.audit;

import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditVerifier#verify} found: {@code valid} of {@code total} records authentic and in place
 * ({@code total} counts the lines present plus the sequence numbers found missing), and every problem in trail order.
 */
public record AuditReport(long valid, long total, List<AuditProblem> problems) {
    public AuditReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The first problem in trail order, if any. */
    public Optional<AuditProblem> first() {
        return problems.stream().findFirst();
    }

    /** {@code "N/M records valid"}. */
    public String summary() {
        return valid + "/" + total + " records valid";
    }
}
