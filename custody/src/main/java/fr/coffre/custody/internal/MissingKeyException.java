package fr.coffre.custody.internal;

/**
 * Internal: the table allowed a version but its key object is not in custody (destroyed by another process, or
 * deleted out of band). The custodian reloads its table and reports the typed outcome; never escapes the module.
 */
public final class MissingKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingKeyException(String message) {
        super(message);
    }
}
