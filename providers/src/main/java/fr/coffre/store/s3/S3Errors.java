package fr.coffre.store.s3;

import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.internal.RedactedCause;
import fr.coffre.store.internal.StoreErrors;
import java.util.Set;

/**
 * The S3 error codes, for every S3 driver, on top of the shared status mapping of {@link StoreErrors}: missing
 * bucket or key, a changed object ({@code If-Match}), a vanished multipart upload, the access-denied codes, and the
 * throttling codes some servers send with a permanent-looking status.
 */
final class S3Errors extends StoreErrors {

    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "AccountProblem", "AllAccessDisabled", "InvalidSecurity");
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeTooSkewed", "Throttling", "ThrottlingException", "OperationAborted");

    S3Errors(StoreDescriptor store) {
        super(store, "bucket");
    }

    @Override
    protected RuntimeException fromCode(int status, String code, String where, String detail, Throwable cause) {
        if ("NoSuchBucket".equals(code)) {
            return containerNotFound(where, detail, cause);
        }
        if ("NoSuchKey".equals(code) || "NoSuchVersion".equals(code)) {
            return new ObjectNotFoundException(where + ": no such object" + detail, RedactedCause.of(cause));
        }
        if (status == 412 || "PreconditionFailed".equals(code)) {
            return new StoreException(where + ": the object changed while it was being read" + detail,
                    RedactedCause.of(cause));
        }
        if ("EntityTooLarge".equals(code)) {
            return tooLarge(where, detail, cause);
        }
        if ("NoSuchUpload".equals(code)) {
            return new StoreException(where + ": the multipart upload vanished" + detail, RedactedCause.of(cause));
        }
        if (code != null && DENIED.contains(code)) {
            return accessDenied(where + ": access denied" + detail, cause);
        }
        return null;
    }

    @Override
    protected boolean isTransientCode(String code) {
        return TRANSIENT.contains(code);
    }
}
