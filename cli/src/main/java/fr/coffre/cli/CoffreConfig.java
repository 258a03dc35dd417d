package fr.coffre.cli;

import java.util.List;
import java.util.Map;

/**
 * The contents of {@code coffre.yaml}. Every field is optional; secrets never appear here, only paths of files
 * that hold them (owner-only, mode 0600):
 * <pre>
 * store: ovh-gra                      # the default store (a name below)
 * stores:
 *   ovh-gra: {uri: "ovh://gra/bucket"}
 * custody:
 *   uri: "pkcs11:/etc/coffre/hsm.cfg"
 *   pinFile: /etc/coffre/pin          # or passwordFile (keystore), clientPasswordFile (KMIP)
 * registry: /var/lib/coffre/registry
 * vault: hospital-a
 * masterKeyId: coffre-master
 * principal: dossier-patient-app     # who acts, recorded in the audit trail
 * reason: "care: consultation"       # default purpose of access (--reason, COFFRE_REASON win)
 * auditRetention: P3Y                # how long the audit trail keeps records (ISO-8601; default P6M)
 * auditDurability: per-record        # or bounded:PT0.01S (the default); see AuditDurability
 * sizePadding: true                  # write objects size-padded (COF1 suite 2, FORMAT.md §6.2); default false
 * policy:
 *   preset: fr-health                 # or development (the default)
 *   allowStoreCountries: [FR, DE]      # replaces the preset's store countries
 *   jurisdictionExceptions: [{jurisdiction: US, justification: "..."}]
 *   allowJurisdictions: [FR]          # custody jurisdictions
 * </pre>
 */
record CoffreConfig(String store, Map<String, Store> stores, Custody custody, String registry, String vault,
        String masterKeyId, Policy policy, String principal, String reason, String auditRetention,
        String auditDurability, Boolean sizePadding) {
    static final CoffreConfig NONE = new CoffreConfig(null, null, null, null, null, null, null, null, null, null,
            null, null);

    CoffreConfig {
        stores = stores == null ? Map.of() : Map.copyOf(stores);
    }

    record Store(String uri) {
    }

    record Custody(String uri, String pinFile, String passwordFile, String clientPasswordFile) {
    }

    record Policy(String preset, List<String> allowJurisdictions, List<String> allowStoreCountries,
            List<JurisdictionException> jurisdictionExceptions) {
        Policy {
            jurisdictionExceptions = jurisdictionExceptions == null ? List.of() : List.copyOf(jurisdictionExceptions);
        }
    }

    /** A provider jurisdiction the policy's rule refuses, allowed for a stated reason. */
    record JurisdictionException(String jurisdiction, String justification) {
    }
}
