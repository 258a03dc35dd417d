package fr.coffre.core.audit;

import java.util.List;

/**
 * One trail file as {@link AuditVerifier#verify} found it: its name, the sequence numbers it holds (0 when it holds
 * none), how many of its records are valid, and the problems found in it (the file is valid when there are none).
 */
public record AuditFile(String name, long firstSeq, long lastSeq, long records, long valid,
        List<AuditProblem> problems) {
    public AuditFile {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
