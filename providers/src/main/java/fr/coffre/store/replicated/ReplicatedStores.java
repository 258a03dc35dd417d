package fr.coffre.store.replicated;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ReplicationSettings;

/** Opens replicated stores; called by {@link fr.coffre.store.ObjectStores#replicated}. */
public final class ReplicatedStores {
    private ReplicatedStores() {
    }

    public static ObjectStore open(ReplicationSettings settings) {
        if (settings == null) {
            throw new InvalidInputException("settings: must be non-null");
        }
        return new ReplicatedObjectStore(settings);
    }
}
