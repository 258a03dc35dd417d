package fr.coffre.store.s3;

import fr.coffre.CoffreException;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.internal.RedactedCause;
import fr.coffre.store.internal.StoreCalls;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;
import java.io.IOException;
import java.util.Set;

/**
 * Maps S3 answers (HTTP status and S3 error code) and transport failures to Coffre's typed store exceptions, for
 * every S3 driver. Messages name the operation, the store and the object, the HTTP status and S3 code; the driver's
 * exception is attached only as a {@link RedactedCause} (its message may quote a request URL or header).
 */
final class S3Errors {

    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "AccountProblem", "AllAccessDisabled", "InvalidSecurity");
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeTooSkewed", "Throttling", "ThrottlingException", "OperationAborted");

    private final StoreDescriptor store;

    S3Errors(StoreDescriptor store) {
        this.store = store;
    }

    String where(String operation, String name) {
        return StoreCalls.where(store, operation, name);
    }

    /**
     * @param status HTTP status, or -1 if unknown
     * @param code S3 error code, or null
     * @param name the object, or null for bucket-level operations
     */
    RuntimeException fromResponse(int status, String code, String operation, String name, Throwable cause) {
        String where = where(operation, name);
        String detail = " (HTTP " + status + (code == null ? "" : ", " + code) + ")";
        RedactedCause redacted = RedactedCause.of(cause);
        if ("NoSuchBucket".equals(code)) {
            return containerNotFound(where + detail, redacted);
        }
        if ("NoSuchKey".equals(code) || "NoSuchVersion".equals(code)) {
            return new ObjectNotFoundException(where + ": no such object" + detail, redacted);
        }
        if (status == 412 || "PreconditionFailed".equals(code)) {
            return new StoreException(where + ": the object changed while it was being read" + detail, redacted);
        }
        if ("NoSuchUpload".equals(code)) {
            return new StoreException(where + ": the multipart upload vanished" + detail, redacted);
        }
        if (status == 401 || status == 403 || (code != null && DENIED.contains(code))) {
            return new AccessDeniedException(where + ": access denied" + detail, redacted);
        }
        if (status == 404) {
            return name == null ? containerNotFound(where + detail, redacted)
                    : new ObjectNotFoundException(where + ": no such object" + detail, redacted);
        }
        if (status == 408 || status == 429 || status >= 500 || (code != null && TRANSIENT.contains(code))) {
            return new StoreUnavailableException(where + ": store unavailable or throttling" + detail, redacted);
        }
        return new StoreException(where + ": rejected by the store" + detail, redacted);
    }

    /** A failure that carries no S3 answer: I/O (connection refused or reset, timeout) or anything else. */
    RuntimeException fromFailure(Throwable t, String operation, String name) {
        if (t instanceof CoffreException ce) {
            return ce;
        }
        String where = where(operation, name);
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException) {
                return new StoreUnavailableException(where + ": I/O failure (" + c.getClass().getSimpleName() + ")",
                        RedactedCause.of(t));
            }
        }
        return new StoreException(where + ": failed (" + t.getClass().getSimpleName() + ")", RedactedCause.of(t));
    }

    ContainerNotFoundException containerNotFound(String where, Throwable cause) {
        return new ContainerNotFoundException(where + ": bucket '" + store.container() + "' does not exist", cause);
    }
}
