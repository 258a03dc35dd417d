package fr.coffre.store;

/**
 * The region asked for is not offered by the provider (e.g. not among the object-store endpoints of a Keystone
 * service catalogue). The message names the region asked for and the regions offered.
 */
public class RegionNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public RegionNotFoundException(String message) {
        super(message);
    }
}
