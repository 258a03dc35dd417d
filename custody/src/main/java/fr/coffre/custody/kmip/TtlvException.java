package fr.coffre.custody.kmip;

/**
 * Internal: a KMIP message broke a TTLV rule (length, type, padding, nesting, size) or lacked a required item. The
 * KMIP client turns it into a {@link fr.coffre.custody.internal.TransientCustodyException} (a corrupted or hostile stream: drop the
 * connection, retry a bounded number of times); never escapes the package.
 */
final class TtlvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TtlvException(String message) {
        super(message);
    }
}
