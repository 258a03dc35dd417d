package fr.coffre.store;

import fr.coffre.InvalidInputException;

/**
 * The one place that maps a remote {@link StoreProvider} to its adapter (the extension point for the S3, Swift and
 * Azure drivers). Each adapter's package exposes a public factory taking ({@link StoreConfig},
 * {@link StoreCredentials}) and returning an {@link ObjectStore}; this switch calls it.
 */
final class CloudDrivers {

    private CloudDrivers() {
    }

    static ObjectStore open(StoreConfig config, StoreCredentials credentials) {
        switch (config.provider()) {
            case S3, OVH, SCALEWAY, OUTSCALE, SWIFT, AZURE:
            default:
                throw new InvalidInputException("provider: no driver is available yet for "
                        + config.provider().scheme() + " stores");
        }
    }
}
