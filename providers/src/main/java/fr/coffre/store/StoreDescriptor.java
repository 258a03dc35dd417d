package fr.coffre.store;

/**
 * What a store is and where: {@code provider} (e.g. {@code ovh}, {@code scaleway}, {@code swift}, {@code azure},
 * {@code file}, {@code mem}), {@code endpoint} and {@code container} (never credentials), and location labels
 * used by the policy layer: {@code regionCountry} (ISO 3166-1 alpha-2 country where the data rests),
 * {@code providerJurisdiction} (country whose law governs the provider, e.g. {@code US} for Azure) and
 * {@code region} (the provider's region name, e.g. {@code gra}; null when not applicable or not given).
 */
public record StoreDescriptor(String provider, String endpoint, String container, String regionCountry,
        String providerJurisdiction, String region) {
    public StoreDescriptor {
        if (provider == null || provider.isBlank()) {
            throw new fr.coffre.InvalidInputException("provider: must be non-blank");
        }
        if (endpoint == null || container == null) {
            throw new fr.coffre.InvalidInputException("endpoint and container: must be non-null");
        }
    }

    /** A descriptor without a region name. */
    public StoreDescriptor(String provider, String endpoint, String container, String regionCountry,
            String providerJurisdiction) {
        this(provider, endpoint, container, regionCountry, providerJurisdiction, null);
    }

    @Override
    public String toString() {
        return provider + ":" + endpoint + "/" + container;
    }
}
