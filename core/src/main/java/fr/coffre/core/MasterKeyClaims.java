package fr.coffre.core;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyRef;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyState;
import fr.coffre.custody.KeyVersionInfo;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * This registry's claim, recorded in custody beside the key states ({@link KeyCustodian#claimVersions}), on the
 * master-key versions it uses. Registries sharing one master key in one custody (the default id
 * {@value KeyRegistry#DEFAULT_MASTER_KEY_ID} on one HSM partition) then never retire a version another still uses.
 *
 * <p>A registry claims, when first opened by a version that knows claims, every version not destroyed (it may use any
 * of them: a conservative start); then each version before it wraps under it for the first time; and, when it
 * retires, exactly the versions its entries use plus the active one. Claims of registries that were never opened by
 * such a version are unknown: open every registry sharing a master key once before retiring (KEY-MANAGEMENT.md).
 */
final class MasterKeyClaims {
    private final KeyCustodian custodian;
    private final String masterKeyId;
    private final String registryId;
    private final Set<Integer> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

    MasterKeyClaims(KeyCustodian custodian, String masterKeyId, String registryId) {
        this.custodian = custodian;
        this.masterKeyId = masterKeyId;
        this.registryId = registryId;
    }

    /** A registry without a claim claims every version not destroyed; one with a claim keeps it. */
    synchronized void claimOnOpen() {
        Set<Integer> mine = custodian.claims(masterKeyId).get(registryId);
        if (mine == null) {
            mine = new TreeSet<>();
            for (KeyVersionInfo v : custodian.versions(masterKeyId)) {
                if (v.state() != KeyState.DESTROYED) {
                    mine.add(v.ref().version());
                }
            }
            if (!mine.isEmpty()) {
                custodian.claimVersions(masterKeyId, registryId, mine);
            }
        }
        known.addAll(mine);
    }

    /** Claims {@code master} before this registry first wraps under it. */
    void beforeWrapping(KeyRef master) {
        if (known.contains(master.version())) {
            return;
        }
        synchronized (this) {
            Set<Integer> mine = new TreeSet<>(custodian.claims(masterKeyId).getOrDefault(registryId, Set.of()));
            if (mine.add(master.version())) {
                custodian.claimVersions(masterKeyId, registryId, mine);
            }
            known.addAll(mine);
        }
    }

    /** Makes this registry's claim exactly {@code inUse} plus {@code active}. */
    synchronized void claimExactly(Set<Integer> inUse, KeyRef active) {
        Set<Integer> mine = new TreeSet<>(inUse);
        mine.add(active.version());
        custodian.claimVersions(masterKeyId, registryId, mine);
        known.clear();
        known.addAll(mine);
    }

    /** Every claimant's versions, sorted by claimant. */
    Map<String, Set<Integer>> all() {
        Map<String, Set<Integer>> out = new TreeMap<>();
        custodian.claims(masterKeyId).forEach((claimant, versions) -> out.put(claimant, Set.copyOf(versions)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Withdraws another registry's claim; returns the versions it claimed. */
    synchronized Set<Integer> withdraw(String claimant) {
        if (claimant == null || claimant.isEmpty()) {
            throw new InvalidInputException("registryId: required (the id of the registry whose claim to withdraw)");
        }
        if (claimant.equals(registryId)) {
            throw new InvalidInputException("registryId: '" + claimant + "' is this registry, whose claim follows its"
                    + " own entries (retire makes it exact): withdraw only the claim of a registry that is gone");
        }
        Map<String, Set<Integer>> all = all();
        Set<Integer> theirs = all.get(claimant);
        if (theirs == null) {
            throw new InvalidInputException("registryId: no registry '" + claimant + "' claims master key '"
                    + masterKeyId + "' (claimants: " + all.keySet() + ")");
        }
        custodian.claimVersions(masterKeyId, claimant, Set.of());
        return new TreeSet<>(theirs);
    }

    /** Version → how many other registries claim it. */
    Map<Integer, Integer> claimedByOthers() {
        Map<Integer, Integer> out = new TreeMap<>();
        custodian.claims(masterKeyId).forEach((claimant, versions) -> {
            if (!claimant.equals(registryId)) {
                versions.forEach(v -> out.merge(v, 1, Integer::sum));
            }
        });
        return out;
    }
}
