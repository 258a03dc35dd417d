package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.RegionNotFoundException;
import fr.coffre.store.StoreException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the Swift region among those of the service catalogue (Keystone) or the single one of tempauth: the
 * configured region if it is offered, the only region when none is configured; never an arbitrary one (where health
 * data is stored must be the caller's choice).
 */
final class SwiftRegions {

    private SwiftRegions() {
    }

    /**
     * @param offered the object-store regions of the catalogue
     * @param requested the configured region, or null
     * @throws RegionNotFoundException when {@code requested} is not offered
     * @throws InvalidInputException when none is requested and the catalogue offers several
     */
    static String choose(Set<String> offered, String requested) {
        Set<String> sorted = new TreeSet<>(offered);
        if (requested != null) {
            if (!offered.contains(requested)) {
                throw new RegionNotFoundException("swift: region '" + requested + "' is not in the service catalogue"
                        + " (object-store regions offered: " + (sorted.isEmpty() ? "none" : String.join(", ", sorted))
                        + ")");
            }
            return requested;
        }
        if (sorted.size() == 1) {
            return sorted.iterator().next();
        }
        if (sorted.isEmpty()) {
            throw new StoreException("swift: the service catalogue offers no object-store endpoint");
        }
        throw new InvalidInputException("region: the service catalogue offers several object-store regions ("
                + String.join(", ", sorted) + "); choose one (region=...)");
    }
}
