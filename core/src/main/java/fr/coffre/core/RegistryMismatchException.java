package fr.coffre.core;

import fr.coffre.CoffreException;

/**
 * The store belongs to another key registry: its vault marker ({@value VaultMarker#NAME}) holds the fingerprint of
 * a registry other than the one this Coffre opened (a wrong {@code --registry}, a registry of another deployment, or
 * a restore of the wrong backup). Refused before any read, write or key creation: with a wrong registry, objects
 * look gone and new writes would be orphaned under keys no other reader has.
 */
public final class RegistryMismatchException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public RegistryMismatchException(String message) {
        super(message);
    }
}
