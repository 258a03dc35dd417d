package fr.coffre.custody;

/**
 * Internal: the custody's machinery failed (token/session error, provider error, connection lost) as opposed to
 * the wrapped bytes being rejected. Custodians retry on it (bounded) and then report a
 * {@link fr.coffre.KeyUnavailableException}; it never escapes the package.
 */
final class TransientCustodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TransientCustodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
