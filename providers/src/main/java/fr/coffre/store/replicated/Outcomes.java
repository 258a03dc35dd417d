package fr.coffre.store.replicated;

import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.QuorumNotMetException;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;
import java.util.List;

/** What a replicated operation throws when its replicas failed it (see {@link fr.coffre.store.ReplicationSettings}). */
final class Outcomes {
    private Outcomes() {
    }

    /**
     * A write committed by {@code succeeded} replicas, fewer than {@code quorum}: the common typed failure when no
     * replica committed and all failed alike, else {@link QuorumNotMetException} (the others suppressed).
     */
    static RuntimeException quorumNotMet(String operation, int succeeded, int quorum, int replicas,
            List<RuntimeException> failures) {
        if (succeeded == 0 && sameClass(failures)) {
            return failures.get(0);
        }
        QuorumNotMetException e = new QuorumNotMetException(operation, succeeded, quorum, replicas,
                failures.isEmpty() ? null : failures.get(0));
        failures.stream().skip(1).forEach(e::addSuppressed);
        return e;
    }

    /**
     * A read no replica could serve: not found when every replica said so, the common typed failure when all failed
     * alike, else {@link StoreUnavailableException} (the object may be on a replica that could not answer).
     */
    static RuntimeException noReplicaServed(String operation, String store, List<StoreException> failures) {
        if (failures.stream().allMatch(f -> f instanceof ObjectNotFoundException)) {
            return new ObjectNotFoundException(operation + ": not found on any of the " + failures.size()
                    + " replicas of " + store);
        }
        if (sameClass(failures)) {
            return failures.get(0);
        }
        StoreUnavailableException e = new StoreUnavailableException(operation + ": none of the " + failures.size()
                + " replicas of " + store + " could serve it", failures.get(0));
        failures.stream().skip(1).forEach(e::addSuppressed);
        return e;
    }

    private static boolean sameClass(List<? extends RuntimeException> failures) {
        return !failures.isEmpty() && failures.stream().allMatch(f -> f.getClass() == failures.get(0).getClass());
    }
}
