package fr.coffre.cli;

import fr.coffre.core.JurisdictionExemption;
import fr.coffre.core.Policy;
import fr.coffre.core.Transfer;
import fr.coffre.core.TransferMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The policy and the map of transfers as {@code coffre info} prints them (text and {@code --json}). */
final class PolicyReport {
    private PolicyReport() {
    }

    static void print(Output out, Policy p, TransferMap transfers) {
        out.data("rules:     policy %s: store countries %s, provider jurisdictions %s, TLS %s, unknown providers %s,"
                + " access reasons %s", p.name(), countries(p.storeCountries()), countries(p.providerJurisdictions()),
                p.tlsRequired() ? "required except on loopback" : "not required",
                p.unknownProvidersRefused() ? "refused" : "allowed",
                p.requireReason() ? "required (enforced by the audit trail)" : "not required");
        for (JurisdictionExemption e : p.exceptions()) {
            out.data("exception: provider jurisdiction %s allowed: %s", e.jurisdiction(), e.justification());
        }
        for (Transfer t : transfers.transfers()) {
            out.data("transfer:  %s", t);
        }
    }

    static Map<String, Object> document(Policy p, Set<String> custodyJurisdictions) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", p.name());
        doc.put("allowedCustodyJurisdictions", new TreeSet<>(custodyJurisdictions));
        doc.put("allowedStoreCountries", new TreeSet<>(p.storeCountries()));
        doc.put("allowedProviderJurisdictions", new TreeSet<>(p.providerJurisdictions()));
        doc.put("tlsRequired", p.tlsRequired());
        doc.put("unknownProvidersRefused", p.unknownProvidersRefused());
        doc.put("requireReason", p.requireReason());
        List<Map<String, Object>> exceptions = new ArrayList<>();
        for (JurisdictionExemption e : p.exceptions()) {
            exceptions.add(Map.of("jurisdiction", e.jurisdiction(), "justification", e.justification()));
        }
        doc.put("jurisdictionExceptions", exceptions);
        return doc;
    }

    static List<Map<String, Object>> transfers(TransferMap map) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Transfer t : map.transfers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", t.provider());
            m.put("endpointHost", t.endpointHost());
            m.put("region", t.region());
            m.put("country", t.country());
            m.put("providerJurisdiction", t.providerJurisdiction());
            m.put("basis", t.basis().name().toLowerCase(java.util.Locale.ROOT));
            m.put("justification", t.justification());
            out.add(m);
        }
        return out;
    }

    static String countries(Set<String> s) {
        return s.isEmpty() ? "any" : s.equals(Policy.EEA) ? "EEA" : new TreeSet<>(s).toString();
    }
}
