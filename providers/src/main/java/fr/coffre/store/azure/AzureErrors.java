package fr.coffre.store.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.internal.StoreErrors;

/**
 * Maps Azure Storage SDK failures (a {@link BlobStorageException} anywhere in the cause chain, else I/O and other
 * failures) through the shared {@link StoreErrors}; a missing container has its own error code.
 */
final class AzureErrors extends StoreErrors {

    AzureErrors(StoreDescriptor store) {
        super(store, "container");
    }

    RuntimeException map(Exception e, String operation, String name) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BlobStorageException b) {
                BlobErrorCode code = b.getErrorCode();
                return fromStatus(b.getStatusCode(), code == null ? null : code.toString(), operation, name, e);
            }
        }
        return fromFailure(e, operation, name);
    }

    @Override
    protected RuntimeException fromCode(int status, String code, String where, String detail, Throwable cause) {
        return BlobErrorCode.CONTAINER_NOT_FOUND.toString().equals(code) ? containerNotFound(where, detail, cause)
                : null;
    }
}
