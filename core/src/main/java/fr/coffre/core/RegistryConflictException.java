package fr.coffre.core;

import fr.coffre.CoffreException;

/**
 * A registry entry changed between the read and the replace that was based on it (another thread or process
 * wrote it first), or a replace tried to turn a tombstone back into a live entry. Re-read and decide again.
 */
public final class RegistryConflictException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public RegistryConflictException(String message) {
        super(message);
    }
}
