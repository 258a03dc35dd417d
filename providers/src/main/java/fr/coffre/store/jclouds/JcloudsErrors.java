package fr.coffre.store.jclouds;

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
import java.nio.file.FileSystemException;
import org.jclouds.blobstore.KeyNotFoundException;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;
import org.jclouds.rest.ResourceNotFoundException;

/**
 * Maps what jclouds throws to Coffre's typed store exceptions. Messages name the operation, the store and the
 * object, and the HTTP status when there is one; the jclouds exception is attached only as a {@link RedactedCause}
 * (its message may quote a request URL or header).
 */
final class JcloudsErrors {

    private final StoreDescriptor store;

    JcloudsErrors(StoreDescriptor store) {
        this.store = store;
    }

    /**
     * @param operation e.g. {@code "get"}
     * @param name the object, or null for container-level operations
     */
    RuntimeException map(RuntimeException e, String operation, String name) {
        if (e instanceof CoffreException) {
            return e;
        }
        String where = where(operation, name);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            RuntimeException mapped = mapOne(t, where, name, e);
            if (mapped != null) {
                return mapped;
            }
        }
        return new StoreException(where + ": failed (" + e.getClass().getSimpleName() + ")", RedactedCause.of(e));
    }

    private RuntimeException mapOne(Throwable t, String where, String name, RuntimeException e) {
        if (t instanceof org.jclouds.blobstore.ContainerNotFoundException) {
            return containerNotFound(where, e);
        }
        if (t instanceof KeyNotFoundException) {
            return objectNotFound(where, e);
        }
        if (t instanceof ResourceNotFoundException) {
            return name != null ? objectNotFound(where, e) : containerNotFound(where, e);
        }
        if (t instanceof AuthorizationException) {
            return new AccessDeniedException(where + ": access denied", RedactedCause.of(e));
        }
        if (t instanceof HttpResponseException http && http.getResponse() != null) {
            return fromStatus(http.getResponse().getStatusCode(), where, name, e);
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return new AccessDeniedException(where + ": access denied by the filesystem", RedactedCause.of(e));
        }
        if (t instanceof FileSystemException) {
            return new StoreException(where + ": filesystem error (" + t.getClass().getSimpleName() + ")",
                    RedactedCause.of(e));
        }
        if (t instanceof IOException) {
            return new StoreUnavailableException(where + ": I/O failure (" + t.getClass().getSimpleName() + ")",
                    RedactedCause.of(e));
        }
        return null;
    }

    RuntimeException fromStatus(int status, String where, String name, RuntimeException e) {
        String http = " (HTTP " + status + ")";
        if (status == 401 || status == 403) {
            return new AccessDeniedException(where + ": access denied" + http, RedactedCause.of(e));
        }
        if (status == 404) {
            return name != null ? objectNotFound(where + http, e) : containerNotFound(where + http, e);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new StoreUnavailableException(where + ": store unavailable or throttling" + http,
                    RedactedCause.of(e));
        }
        return new StoreException(where + ": rejected by the store" + http, RedactedCause.of(e));
    }

    /** Whether {@code e} is an HTTP 416 (range past the end of the object). */
    static boolean isRangeNotSatisfiable(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpResponseException http && http.getResponse() != null
                    && http.getResponse().getStatusCode() == 416) {
                return true;
            }
        }
        return false;
    }

    ObjectNotFoundException objectNotFound(String where, RuntimeException cause) {
        return new ObjectNotFoundException(where + ": no such object", cause == null ? null : RedactedCause.of(cause));
    }

    ContainerNotFoundException containerNotFound(String where, RuntimeException cause) {
        return new ContainerNotFoundException(where + ": container '" + store.container() + "' does not exist",
                cause == null ? null : RedactedCause.of(cause));
    }

    String where(String operation, String name) {
        return StoreCalls.where(store, operation, name);
    }
}
