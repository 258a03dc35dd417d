package fr.coffre.core.migration;

/**
 * One object that failed, under its opaque store name (never a logical name), with a typed reason and the simple
 * name of the exception that caused it.
 */
public record Failure(String storeName, FailureReason reason, String detail) {
    public Failure {
        if (storeName == null || reason == null || detail == null) {
            throw new fr.coffre.InvalidInputException("storeName, reason, detail: must be non-null");
        }
    }

    /** Classifies an exception raised while copying {@code storeName}. */
    static Failure of(String storeName, RuntimeException e) {
        FailureReason reason;
        if (e instanceof fr.coffre.store.ObjectNotFoundException) {
            reason = FailureReason.SOURCE_NOT_FOUND;
        } else if (e instanceof fr.coffre.store.ContainerNotFoundException) {
            reason = FailureReason.CONTAINER_NOT_FOUND;
        } else if (e instanceof fr.coffre.store.AccessDeniedException) {
            reason = FailureReason.ACCESS_DENIED;
        } else if (e instanceof fr.coffre.store.StoreUnavailableException) {
            reason = FailureReason.STORE_UNAVAILABLE;
        } else if (e instanceof fr.coffre.InvalidInputException) {
            reason = FailureReason.SOURCE_CHANGED; // known length no longer matched: nothing was stored
        } else {
            reason = FailureReason.OTHER;
        }
        return new Failure(storeName, reason, e.getClass().getSimpleName());
    }
}
