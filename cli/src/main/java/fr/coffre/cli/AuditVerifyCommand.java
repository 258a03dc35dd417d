package fr.coffre.cli;

import fr.coffre.core.audit.AuditFile;
import fr.coffre.core.audit.AuditProblem;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code audit verify}: every trail file VALID or INVALID (first bad seq and reason), then N/M records valid. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Verify the whole audit trail under its custody-held key: one line per file, VALID or INVALID"
                + " with the first bad sequence number and the reason, then 'N/M records valid'; then records this"
                + " consultation (audit-verify) in the trail. Exit 0 valid, " + ExitCodes.AUDIT_INVALID + " invalid, "
                + ExitCodes.OTHER + " valid but the consultation could not be recorded."})
final class AuditVerifyCommand extends StoreSubcommand {
    @Override
    public Integer call() {
        Settings s = settings();
        AuditReport report;
        try (Session session = new Session(s, s.vault(), io().err(), Session.Scope.CUSTODY)) {
            report = AuditVerifier.verify(session.auditDirectory(), session.custody);
        }
        Output out = output();
        for (String line : text(report)) {
            out.data("%s", line);
        }
        out.document(json(report));
        boolean recorded = recordConsultation(s);
        return !report.ok() ? ExitCodes.AUDIT_INVALID : recorded ? ExitCodes.OK : ExitCodes.OTHER;
    }

    /**
     * Appends {@code audit-verify} to the trail after the walk (HDS: consulting the traces is traced), so the report
     * covers the trail as it was; a trail too damaged to append to is reported on stderr, never hidden.
     */
    private boolean recordConsultation(Settings s) {
        return RunRecords.appendToTrail(s, io().err(), "audit verify",
                registry -> registry.recordAuditConsultation(s.principal(), "audit-verify", null, s.reason()));
    }

    /** The lines {@code audit verify} prints (also for the demo). */
    static List<String> text(AuditReport report) {
        List<String> lines = new java.util.ArrayList<>();
        for (AuditFile f : report.files()) {
            String range = f.firstSeq() == 0 ? "no records" : "seq " + f.firstSeq() + " to " + f.lastSeq();
            if (f.ok()) {
                lines.add(f.name() + ": VALID (" + range + ", " + f.records() + " records)");
            } else {
                AuditProblem p = f.problems().get(0);
                int more = f.problems().size() - 1;
                lines.add(f.name() + ": INVALID at seq " + p.seq() + ": " + p.reason() + " (" + p.detail() + ")"
                        + (more == 0 ? "" : "; " + more + " more problem(s)"));
            }
        }
        if (report.prunedThrough() > 0) {
            lines.add("pruned by retention: seq 1 to " + report.prunedThrough() + " (authenticated anchor)");
        }
        lines.add(report.summary());
        return lines;
    }

    static Map<String, Object> json(AuditReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("valid", report.ok());
        doc.put("validRecords", report.valid());
        doc.put("totalRecords", report.total());
        doc.put("summary", report.summary());
        doc.put("prunedThrough", report.prunedThrough());
        doc.put("files", report.files().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("status", f.ok() ? "VALID" : "INVALID");
            m.put("firstSeq", f.firstSeq());
            m.put("lastSeq", f.lastSeq());
            m.put("records", f.records());
            m.put("validRecords", f.valid());
            m.put("problems", f.problems().stream().map(AuditVerifyCommand::problem).toList());
            return m;
        }).toList());
        doc.put("problems", report.problems().stream().map(AuditVerifyCommand::problem).toList());
        return doc;
    }

    private static Map<String, Object> problem(AuditProblem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", p.seq());
        m.put("reason", p.reason().name());
        m.put("detail", p.detail());
        return m;
    }
}
