package fr.coffre.custody;

import fr.coffre.KeyUnavailableException;

/**
 * The keystore file to open does not exist and its creation was not asked for
 * ({@link KeystoreCustodian.Builder#createIfMissing(boolean)}, or {@code coffre init} on the command line): nothing
 * was created, so a mistyped path never starts a new, empty custody. The message names the path, never a password.
 */
public final class KeystoreNotFoundException extends KeyUnavailableException {
    private static final long serialVersionUID = 1L;

    public KeystoreNotFoundException(String message) {
        super(message);
    }
}
