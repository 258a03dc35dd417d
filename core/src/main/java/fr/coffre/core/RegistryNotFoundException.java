package fr.coffre.core;

import fr.coffre.CoffreException;

/**
 * No key registry where one was to be opened: the directory is missing or holds no registry marker
 * ({@code registry.json}), or the database schema holds no registry. Nothing was created or written: creating a
 * registry is an explicit step ({@code coffre init}, or {@link KeyRegistry.Builder#createIfMissing(boolean)}), so
 * that a moved or mistyped registry never starts a new, empty vault whose data would look gone.
 */
public final class RegistryNotFoundException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public RegistryNotFoundException(String message) {
        super(message);
    }
}
