package fr.coffre.custody.internal;

/**
 * Internal: the custody's machinery failed (token/session error, provider error, connection lost) as opposed to
 * the wrapped bytes being rejected. Custodians retry on it (bounded) and then report a
 * {@link fr.coffre.KeyUnavailableException}; it never escapes the module.
 */
public final class TransientCustodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransientCustodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
