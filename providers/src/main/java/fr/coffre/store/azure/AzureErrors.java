package fr.coffre.store.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import fr.coffre.CoffreException;
import fr.coffre.store.internal.StoreCalls;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.internal.RedactedCause;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;
import java.io.IOException;

/**
 * Maps Azure Storage SDK failures to Coffre's typed store exceptions. Messages name the operation, the store, the
 * object, the HTTP status and Azure error code; the SDK exception is attached only as a {@link RedactedCause} (its
 * message quotes the request URL, which may carry a SAS token).
 */
final class AzureErrors {

    private final StoreDescriptor store;

    AzureErrors(StoreDescriptor store) {
        this.store = store;
    }

    String where(String operation, String name) {
        return StoreCalls.where(store, operation, name);
    }

    RuntimeException map(RuntimeException e, String operation, String name) {
        if (e instanceof CoffreException) {
            return e;
        }
        String where = where(operation, name);
        if (e instanceof BlobStorageException b) {
            return fromStatus(b.getStatusCode(), b.getErrorCode(), where, name, e);
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BlobStorageException b) {
                return fromStatus(b.getStatusCode(), b.getErrorCode(), where, name, e);
            }
            if (c instanceof IOException || c instanceof java.util.concurrent.TimeoutException) {
                return new StoreUnavailableException(where + ": I/O failure (" + c.getClass().getSimpleName() + ")",
                        RedactedCause.of(e));
            }
        }
        return new StoreException(where + ": failed (" + e.getClass().getSimpleName() + ")", RedactedCause.of(e));
    }

    private RuntimeException fromStatus(int status, BlobErrorCode code, String where, String name, Throwable e) {
        String detail = " (HTTP " + status + (code == null ? "" : ", " + code) + ")";
        RedactedCause cause = RedactedCause.of(e);
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code) || (status == 404 && name == null)) {
            return new ContainerNotFoundException(where + ": container '" + store.container() + "' does not exist"
                    + detail, cause);
        }
        if (status == 404) {
            return new ObjectNotFoundException(where + ": no such object" + detail, cause);
        }
        if (status == 401 || status == 403) {
            return new AccessDeniedException(where + ": access denied" + detail, cause);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new StoreUnavailableException(where + ": store unavailable or throttling" + detail, cause);
        }
        return new StoreException(where + ": rejected by the store" + detail, cause);
    }
}
