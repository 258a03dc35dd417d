package fr.coffre.store.internal;

/**
 * Stands in for a third-party exception as the cause of a Coffre store exception: it keeps the original class name,
 * stack trace and (recursively) cause chain for debugging, but drops every message, because driver messages may
 * quote request URLs, headers or SAS tokens. Adapters attach {@code RedactedCause.of(e)}, never {@code e} itself.
 */
public final class RedactedCause extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_DEPTH = 16;

    private RedactedCause(String originalClass) {
        super(originalClass + " (message redacted)");
    }

    /** A message-free copy of {@code t} and its causes; null for null. */
    public static RedactedCause of(Throwable t) {
        return of(t, 0);
    }

    private static RedactedCause of(Throwable t, int depth) {
        if (t == null) {
            return null;
        }
        RedactedCause copy = new RedactedCause(t.getClass().getName());
        copy.setStackTrace(t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t && depth < MAX_DEPTH) {
            copy.initCause(of(cause, depth + 1));
        }
        return copy;
    }
}
