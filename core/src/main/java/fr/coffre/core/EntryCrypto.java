package fr.coffre.core;

import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyCustodian;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Wraps and unwraps registry entries with the custodian's master key. Each wrap is bound to the entry's kind, id
 * and version ({@link RegistryEntry#wrapContext}), so a wrapped key copied into another entry does not unwrap.
 */
final class EntryCrypto {
    private final KeyCustodian custodian;
    private final String masterKeyId;
    private final MasterKeyClaims claims;

    EntryCrypto(KeyCustodian custodian, String masterKeyId, MasterKeyClaims claims) {
        this.custodian = custodian;
        this.masterKeyId = masterKeyId;
        this.claims = claims;
    }

    /** The version new wraps use, claimed for this registry first ({@link MasterKeyClaims}). */
    KeyRef currentMaster() {
        KeyRef master = custodian.currentKey(masterKeyId);
        claims.beforeWrapping(master);
        return master;
    }

    RegistryEntry.Version wrap(String kind, String id, int version, SecretBytes key) {
        KeyRef master = currentMaster();
        byte[] wrapped = custodian.protect(master, key, RegistryEntry.wrapContext(kind, id, version));
        return new RegistryEntry.Version(version, RegistryEntry.Master.of(master),
                Base64.getEncoder().encodeToString(wrapped), Instant.now().toString());
    }

    RegistryEntry newEntry(String kind, String id, SecretBytes key) {
        return new RegistryEntry(RegistryEntry.FORMAT, kind, id, RegistryEntry.ACTIVE,
                List.of(wrap(kind, id, 1, key)), null);
    }

    SecretBytes unwrap(RegistryEntry entry, RegistryEntry.Version version) {
        byte[] wrapped = Base64.getDecoder().decode(version.wrapped());
        return custodian.unprotect(version.masterRef(), wrapped,
                RegistryEntry.wrapContext(entry.kind(), entry.id(), version.version()));
    }

    /** The entry with every version wrapped under {@code master}, or {@code null} if all already were. */
    RegistryEntry rewrap(RegistryEntry entry, KeyRef master) {
        if (entry.destroyed() || entry.versions().stream().allMatch(v -> v.masterRef().equals(master))) {
            return null;
        }
        List<RegistryEntry.Version> out = new ArrayList<>();
        for (RegistryEntry.Version v : entry.versions()) {
            if (v.masterRef().equals(master)) {
                out.add(v);
                continue;
            }
            try (SecretBytes key = unwrap(entry, v)) {
                byte[] wrapped = custodian.protect(master, key,
                        RegistryEntry.wrapContext(entry.kind(), entry.id(), v.version()));
                out.add(v.rewrapped(master, Base64.getEncoder().encodeToString(wrapped)));
            }
        }
        return entry.withVersions(out);
    }
}
