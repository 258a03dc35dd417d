package fr.coffre.core;

import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.KeyRef;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyState;
import fr.coffre.custody.KeyVersionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Master-key rotation over a whole registry directory for {@link KeyRegistry}: new version in custody, re-wrap of
 * every entry not yet under it, and retirement of versions no entry uses any more and no other registry sharing the
 * master key claims ({@link MasterKeyClaims}). Objects are neither read nor
 * rewritten. Each entry is re-wrapped outside the registry lock, then replaced by compare-and-swap: if another
 * process changed it meanwhile (a shred, a renewal), it is read again and re-wrapped, or skipped if destroyed.
 */
final class MasterKeyRotation {
    private final KeyCustodian custodian;
    private final String masterKeyId;
    private final RegistryStore dir;
    private static final int ATTEMPTS = 100;
    private final EntryCrypto crypto;
    private final MasterKeyClaims claims;

    MasterKeyRotation(KeyCustodian custodian, String masterKeyId, RegistryStore dir, EntryCrypto crypto,
            MasterKeyClaims claims) {
        this.claims = claims;
        this.custodian = custodian;
        this.masterKeyId = masterKeyId;
        this.dir = dir;
        this.crypto = crypto;
    }

    RotationReport rotate(RotationListener listener) {
        try (RegistryStorage.Held held = dir.lock()) {
            custodian.rotate(masterKeyId);
        }
        return rewrap(listener);
    }

    RotationReport rewrap(RotationListener listener) {
        long start = System.nanoTime();
        KeyRef master = crypto.currentMaster();
        List<String[]> all = new ArrayList<>();
        dir.ids(RegistryEntry.SECRET).forEach(id -> all.add(new String[] {RegistryEntry.SECRET, id}));
        dir.ids(RegistryEntry.DATA_KEY).forEach(id -> all.add(new String[] {RegistryEntry.DATA_KEY, id}));
        int done = 0;
        int rewrapped = 0;
        for (String[] kindAndId : all) {
            if (rewrapOne(kindAndId[0], kindAndId[1], master)) {
                rewrapped++;
            }
            listener.progress(++done, all.size());
        }
        return new RotationReport(master, all.size(), rewrapped, Duration.ofNanos(System.nanoTime() - start));
    }

    /** @return whether the entry was re-wrapped (false: already under {@code master}, absent or destroyed) */
    private boolean rewrapOne(String kind, String id, KeyRef master) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<RegistryEntry> entry = dir.read(kind, id);
            RegistryEntry updated = entry.map(e -> crypto.rewrap(e, master)).orElse(null);
            if (updated == null) {
                return false;
            }
            try {
                dir.replace(updated);
                return true;
            } catch (RegistryConflictException changed) {
                // changed meanwhile: read it again
            }
        }
        throw new RegistryConflictException("key registry: " + kind + "/" + id + " kept changing during rotation ("
                + ATTEMPTS + " attempts); run the rotation again");
    }

    List<KeyRef> retireUnused() {
        try (RegistryStorage.Held held = dir.lock()) {
            Set<KeyRef> inUse = new HashSet<>();
            for (String kind : List.of(RegistryEntry.SECRET, RegistryEntry.DATA_KEY)) {
                for (String id : dir.ids(kind)) {
                    dir.read(kind, id).ifPresent(e -> e.versions().forEach(v -> inUse.add(v.masterRef())));
                }
            }
            Set<Integer> used = new java.util.TreeSet<>();
            inUse.stream().filter(r -> r.keyId().equals(masterKeyId)).forEach(r -> used.add(r.version()));
            claims.claimExactly(used, custodian.currentKey(masterKeyId));
            Map<Integer, Integer> others = claims.claimedByOthers();   // registries sharing this master key
            List<KeyRef> retired = new ArrayList<>();
            for (KeyVersionInfo v : custodian.versions(masterKeyId)) {
                if (v.state() == KeyState.SUPERSEDED && !inUse.contains(v.ref())
                        && !others.containsKey(v.ref().version())) {
                    custodian.retire(v.ref());
                    retired.add(v.ref());
                }
            }
            return retired;
        }
    }
}
