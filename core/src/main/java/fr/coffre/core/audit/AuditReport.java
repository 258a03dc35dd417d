package fr.coffre.core.audit;

import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditVerifier#verify} found: {@code valid} of {@code total} records authentic and in place
 * ({@code total} counts the lines present plus the sequence numbers found missing), every problem in trail order,
 * each file's status, and {@code prunedThrough}: the last sequence number removed by the retention setting (0 if
 * none), whose removal an authenticated anchor records and which is therefore not a problem.
 */
public record AuditReport(long valid, long total, List<AuditProblem> problems, List<AuditFile> files,
        long prunedThrough) {
    public AuditReport {
        problems = List.copyOf(problems);
        files = List.copyOf(files);
    }

    public AuditReport(long valid, long total, List<AuditProblem> problems) {
        this(valid, total, problems, List.of(), 0);
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
