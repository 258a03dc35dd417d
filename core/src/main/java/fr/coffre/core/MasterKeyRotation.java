package fr.coffre.core;

import fr.coffre.KeyRef;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyState;
import fr.coffre.custody.KeyVersionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Master-key rotation over a whole registry directory for {@link KeyRegistry}: new version in custody, re-wrap of
 * every entry not yet under it (one entry at a time under the registry's write lock), and retirement of versions
 * no entry uses any more. Objects are neither read nor rewritten.
 */
final class MasterKeyRotation {
    private final KeyCustodian custodian;
    private final String masterKeyId;
    private final RegistryDirectory dir;
    private final EntryCrypto crypto;
    private final ReentrantLock writes;

    MasterKeyRotation(KeyCustodian custodian, String masterKeyId, RegistryDirectory dir, EntryCrypto crypto,
                      ReentrantLock writes) {
        this.custodian = custodian;
        this.masterKeyId = masterKeyId;
        this.dir = dir;
        this.crypto = crypto;
        this.writes = writes;
    }

    RotationReport rotate(RotationListener listener) {
        writes.lock();
        try {
            custodian.rotate(masterKeyId);
        } finally {
            writes.unlock();
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
            writes.lock();
            try {
                Optional<RegistryEntry> entry = dir.read(kindAndId[0], kindAndId[1]);
                RegistryEntry updated = entry.map(e -> crypto.rewrap(e, master)).orElse(null);
                if (updated != null) {
                    dir.replace(updated);
                    rewrapped++;
                }
            } finally {
                writes.unlock();
            }
            listener.progress(++done, all.size());
        }
        return new RotationReport(master, all.size(), rewrapped, Duration.ofNanos(System.nanoTime() - start));
    }

    List<KeyRef> retireUnused() {
        writes.lock();
        try {
            Set<KeyRef> inUse = new HashSet<>();
            for (String kind : List.of(RegistryEntry.SECRET, RegistryEntry.DATA_KEY)) {
                for (String id : dir.ids(kind)) {
                    dir.read(kind, id).ifPresent(e -> e.versions().forEach(v -> inUse.add(v.masterRef())));
                }
            }
            List<KeyRef> retired = new ArrayList<>();
            for (KeyVersionInfo v : custodian.versions(masterKeyId)) {
                if (v.state() == KeyState.SUPERSEDED && !inUse.contains(v.ref())) {
                    custodian.retire(v.ref());
                    retired.add(v.ref());
                }
            }
            return retired;
        } finally {
            writes.unlock();
        }
    }
}
