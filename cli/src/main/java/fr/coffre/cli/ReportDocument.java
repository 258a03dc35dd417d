package fr.coffre.cli;

import fr.coffre.core.ComplianceReport;
import fr.coffre.core.JurisdictionExemption;
import fr.coffre.core.Policy;
import fr.coffre.core.Transfer;
import fr.coffre.core.TransferMap;
import fr.coffre.core.audit.AuditProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link ComplianceReport} as Markdown (for a compliance officer) and as one JSON document. */
final class ReportDocument {
    private ReportDocument() {
    }

    static String markdown(ComplianceReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Coffre compliance report\n\n");
        md.append("Vault `").append(r.vault()).append("`, generated ").append(r.generatedAt()).append(" (UTC).\n\n");
        md.append("## Stores\n\n| provider | endpoint host | region | data in | provider jurisdiction | allowed by"
                + " |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Transfer t : r.stores()) {
            md.append(row(t.provider(), or(t.endpointHost(), "local"), or(t.region(), "none"),
                    or(t.country(), "unknown"), or(t.providerJurisdiction(), "unknown"),
                    t.basis() == Transfer.Basis.RULE ? "rule" : "exception: " + t.justification()));
        }
        ComplianceReport.Custody c = r.custody();
        md.append("\n## Custody\n\n");
        md.append("- scheme: ").append(c.descriptor().scheme()).append("\n- endpoint: ")
                .append(c.descriptor().endpoint()).append("\n- jurisdiction: ").append(c.descriptor().jurisdiction())
                .append("\n- non-extractability: ").append(c.nonExtractability()).append("\n- master key `")
                .append(c.masterKeyId()).append("`:\n\n| version | state | created (UTC) | age (days) |\n")
                .append("| --- | --- | --- | --- |\n");
        for (ComplianceReport.MasterKeyVersion v : c.masterKeyVersions()) {
            md.append(row(String.valueOf(v.version()), v.state(), String.valueOf(v.createdAt()),
                    String.valueOf(v.ageDays())));
        }
        ComplianceReport.Algorithms a = r.algorithms();
        md.append("\n## Algorithms and format\n\n- format: ").append(a.format()).append("\n- content: ")
                .append(a.content()).append("\n- per-object keys: ").append(a.keyDerivation())
                .append("\n- key commitment: ").append(a.keyCommitment()).append("\n- object names: ").append(a.names())
                .append("\n- pseudonyms: ").append(a.pseudonyms()).append("\n- data keys: ").append(a.dataKeys())
                .append("\n- audit trail: ").append(a.auditTrail()).append('\n');
        Policy p = r.policy();
        md.append("\n## Policy in force\n\n- name: ").append(p.name()).append("\n- store countries: ")
                .append(PolicyReport.countries(p.storeCountries())).append("\n- provider jurisdictions: ")
                .append(PolicyReport.countries(p.providerJurisdictions())).append("\n- custody jurisdictions: ")
                .append(PolicyReport.countries(p.custodyJurisdictions())).append("\n- TLS: ")
                .append(p.tlsRequired() ? "required except on loopback" : "not required")
                .append("\n- unknown providers: ").append(p.unknownProvidersRefused() ? "refused" : "allowed")
                .append("\n- reason for every access: ").append(p.requireReason() ? "required" : "not required")
                .append("\n- exceptions granted: ").append(p.exceptions().isEmpty() ? "none" : "").append('\n');
        for (JurisdictionExemption e : p.exceptions()) {
            md.append("  - provider jurisdiction ").append(e.jurisdiction()).append(": ").append(e.justification())
                    .append('\n');
        }
        ComplianceReport.Registry g = r.registry();
        md.append("\n## Key registry\n\n- live data keys: ").append(g.liveDataKeys()).append("\n- shredded data keys: ")
                .append(g.shreddedDataKeys()).append("\n- pseudonym secret version: ")
                .append(g.pseudonymSecretVersion()).append("\n- current master key: ").append(g.currentMasterKey())
                .append("\n- last master-key rotation: ").append(time(g.lastRotation(), "never")).append('\n');
        ComplianceReport.Audit t = r.audit();
        md.append("\n## Audit trail\n\nOne trail for every vault of the key registry.\n\n- verified now: ")
                .append(t.verified() ? "yes" : "NO").append(" (")
                .append(t.summary()).append(t.open() ? "; open, written by this process" : "").append(")\n");
        for (AuditProblem problem : t.problems()) {
            md.append("  - INVALID ").append(problem).append('\n');
        }
        md.append("- access records: ").append(t.records()).append("\n- first record: ")
                .append(time(t.firstRecord(), "none")).append("\n- last record: ").append(time(t.lastRecord(), "none"))
                .append("\n- destruction certificates: ").append(t.destructionCertificates())
                .append("\n- retention: ").append(t.retention()).append('\n');
        md.append("\n## Migrations\n\n");
        if (r.migrations().isEmpty()) {
            md.append("None recorded in the audit trail.\n");
        }
        for (ComplianceReport.Run m : r.migrations()) {
            md.append("- ").append(m.time()).append(' ').append(m.action()).append(" by ").append(m.principal())
                    .append(": ").append(m.outcome()).append('\n');
        }
        return md.toString();
    }

    static Map<String, Object> json(ComplianceReport r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generatedAt", r.generatedAt().toString());
        doc.put("vault", r.vault());
        doc.put("stores", PolicyReport.transfers(new TransferMap(r.policy().name(), r.stores())));
        ComplianceReport.Custody c = r.custody();
        Map<String, Object> custody = new LinkedHashMap<>();
        custody.put("scheme", c.descriptor().scheme());
        custody.put("endpoint", c.descriptor().endpoint());
        custody.put("jurisdiction", c.descriptor().jurisdiction());
        custody.put("nonExtractability", c.nonExtractability());
        custody.put("masterKeyId", c.masterKeyId());
        List<Map<String, Object>> versions = new ArrayList<>();
        for (ComplianceReport.MasterKeyVersion v : c.masterKeyVersions()) {
            versions.add(ordered("version", v.version(), "state", v.state(), "createdAt", v.createdAt().toString(),
                    "ageDays", v.ageDays()));
        }
        custody.put("masterKeyVersions", versions);
        doc.put("custody", custody);
        ComplianceReport.Algorithms a = r.algorithms();
        doc.put("algorithms", ordered("format", a.format(), "content", a.content(), "keyDerivation",
                a.keyDerivation(), "keyCommitment", a.keyCommitment(), "names", a.names(), "pseudonyms",
                a.pseudonyms(), "dataKeys", a.dataKeys(), "auditTrail", a.auditTrail()));
        doc.put("policy", PolicyReport.document(r.policy(), r.policy().custodyJurisdictions()));
        ComplianceReport.Registry g = r.registry();
        doc.put("registry", ordered("liveDataKeys", g.liveDataKeys(), "shreddedDataKeys", g.shreddedDataKeys(),
                "pseudonymSecretVersion", g.pseudonymSecretVersion(), "currentMasterKey", g.currentMasterKey(),
                "lastRotation", time(g.lastRotation(), null)));
        ComplianceReport.Audit t = r.audit();
        Map<String, Object> audit = ordered("verified", t.verified(), "summary", t.summary(), "open", t.open(),
                "records", t.records(), "firstRecord", time(t.firstRecord(), null), "lastRecord",
                time(t.lastRecord(), null), "destructionCertificates", t.destructionCertificates());
        audit.put("problems", t.problems().stream().map(pr -> ordered("seq", pr.seq(), "reason",
                pr.reason().name(), "detail", pr.detail())).toList());
        audit.put("retention", t.retention());
        doc.put("audit", audit);
        doc.put("migrations", r.migrations().stream().map(m -> ordered("seq", m.seq(), "time", m.time().toString(),
                "action", m.action(), "principal", m.principal(), "outcome", m.outcome())).toList());
        return doc;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static String row(String... cells) {
        StringBuilder b = new StringBuilder("|");
        for (String cell : cells) {
            b.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return b.append('\n').toString();
    }

    private static String or(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    private static String time(Optional<Instant> t, String otherwise) {
        return t.map(Instant::toString).orElse(otherwise);
    }

}
