package fr.coffre.store.internal;

import fr.coffre.CoffreException;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The error mapping every adapter shares: how messages name an operation ({@link #where}), the typed exception of
 * an HTTP status ({@link #fromStatus}), and of a failure that carries no answer ({@link #fromFailure}). A provider's
 * own error codes refine it by overriding {@link #fromCode} and {@link #isTransientCode}.
 *
 * <p>Messages name the operation, the store and the object, the HTTP status and the provider's code, never a
 * credential; a third-party exception is attached only as a {@link RedactedCause} (its message may quote a request
 * URL, a header or a SAS token). Thread-safe.
 */
public class StoreErrors {

    private final StoreDescriptor store;
    private final String containerNoun;

    /** @param containerNoun what the provider calls a container in messages: {@code "bucket"} or {@code "container"} */
    public StoreErrors(StoreDescriptor store, String containerNoun) {
        this.store = store;
        this.containerNoun = containerNoun;
    }

    public final StoreDescriptor store() {
        return store;
    }

    /** {@code "bucket"} or {@code "container"}. */
    public final String containerNoun() {
        return containerNoun;
    }

    /** How messages name an operation: {@code "get 'ab/cd' on s3:https://host/bucket"}, never a credential. */
    public final String where(String operation, String name) {
        return name == null ? operation + " on " + store : operation + " '" + name + "' on " + store;
    }

    /**
     * The typed exception of an HTTP answer.
     *
     * @param status HTTP status, or -1 if unknown
     * @param code the provider's error code, or null
     * @param name the object, or null for container-level operations
     */
    public final RuntimeException fromStatus(int status, String code, String operation, String name,
            Throwable cause) {
        String where = where(operation, name);
        String detail = " (HTTP " + status + (code == null ? "" : ", " + code) + ")";
        RuntimeException coded = fromCode(status, code, where, detail, cause);
        if (coded != null) {
            return coded;
        }
        if (status == 401 || status == 403) {
            return accessDenied(where + ": access denied" + detail, cause);
        }
        if (status == 404) {
            return name == null ? containerNotFound(where, detail, cause) : objectNotFound(where, detail, cause);
        }
        if (status == 413) {
            return tooLarge(where, detail, cause);
        }
        if (status == 408 || status == 429 || status >= 500 || (code != null && isTransientCode(code))) {
            return new StoreUnavailableException(where + ": store unavailable or throttling" + detail,
                    RedactedCause.of(cause));
        }
        return new StoreException(where + ": rejected by the store" + detail, RedactedCause.of(cause));
    }

    /**
     * The exception a provider's error code means before its HTTP status is looked at, or null to map by status.
     * Default: null.
     */
    protected RuntimeException fromCode(int status, String code, String where, String detail, Throwable cause) {
        return null;
    }

    /** Whether an error code with an otherwise permanent status means a transient failure; default false. */
    protected boolean isTransientCode(String code) {
        return false;
    }

    /**
     * A failure that carries no answer: a Coffre exception as is; I/O (connection refused or reset, timeout) as
     * {@link StoreUnavailableException}; anything else as {@link StoreException}.
     */
    public final RuntimeException fromFailure(Throwable t, String operation, String name) {
        if (t instanceof CoffreException ce) {
            return ce;
        }
        String where = where(operation, name);
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof TimeoutException) {
                return ioFailure(where, c, t);
            }
        }
        return new StoreException(where + ": failed (" + t.getClass().getSimpleName() + ")", RedactedCause.of(t));
    }

    /** {@code failure} (found in {@code t}'s chain) as a transient I/O failure. */
    public final StoreUnavailableException ioFailure(String where, Throwable failure, Throwable t) {
        return new StoreUnavailableException(where + ": I/O failure (" + failure.getClass().getSimpleName() + ")",
                RedactedCause.of(t));
    }

    /** {@code "<where>: the object is larger than the store accepts<detail>"}: permanent, never retried. */
    public final StoreException tooLarge(String where, String detail, Throwable cause) {
        return new StoreException(where + ": the object is larger than the store accepts" + detail,
                RedactedCause.of(cause));
    }

    public final AccessDeniedException accessDenied(String message, Throwable cause) {
        return new AccessDeniedException(message, RedactedCause.of(cause));
    }

    /** {@code "<where>: no such object<detail>"}; {@code cause} may be null. */
    public final ObjectNotFoundException objectNotFound(String where, String detail, Throwable cause) {
        return new ObjectNotFoundException(where + ": no such object" + detail, RedactedCause.of(cause));
    }

    /** {@code "<where>: <noun> '<container>' does not exist<detail>"}; {@code cause} may be null. */
    public final ContainerNotFoundException containerNotFound(String where, String detail, Throwable cause) {
        return new ContainerNotFoundException(where + ": " + containerNoun + " '" + store.container()
                + "' does not exist" + detail, RedactedCause.of(cause));
    }
}
