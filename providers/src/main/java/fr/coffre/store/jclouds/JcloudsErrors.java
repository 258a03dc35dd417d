package fr.coffre.store.jclouds;

import fr.coffre.CoffreException;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.internal.RedactedCause;
import fr.coffre.store.internal.StoreErrors;
import java.io.IOException;
import java.nio.file.FileSystemException;
import org.jclouds.blobstore.KeyNotFoundException;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;
import org.jclouds.rest.ResourceNotFoundException;

/**
 * Maps what jclouds throws (its typed exceptions, HTTP answers, filesystem and I/O failures, anywhere in the cause
 * chain) to Coffre's typed store exceptions through the shared {@link StoreErrors}.
 */
final class JcloudsErrors extends StoreErrors {

    JcloudsErrors(StoreDescriptor store) {
        super(store, "container");
    }

    /**
     * @param operation e.g. {@code "get"}
     * @param name the object, or null for container-level operations
     */
    RuntimeException map(Exception e, String operation, String name) {
        if (e instanceof CoffreException ce) {
            return ce;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            RuntimeException mapped = mapOne(t, operation, name, e);
            if (mapped != null) {
                return mapped;
            }
        }
        return fromFailure(e, operation, name);
    }

    private RuntimeException mapOne(Throwable t, String operation, String name, Exception e) {
        String where = where(operation, name);
        if (t instanceof org.jclouds.blobstore.ContainerNotFoundException) {
            return containerNotFound(where, "", e);
        }
        if (t instanceof KeyNotFoundException) {
            return objectNotFound(where, "", e);
        }
        if (t instanceof ResourceNotFoundException) {
            return name != null ? objectNotFound(where, "", e) : containerNotFound(where, "", e);
        }
        if (t instanceof AuthorizationException) {
            return accessDenied(where + ": access denied", e);
        }
        if (t instanceof HttpResponseException http && http.getResponse() != null) {
            return fromStatus(http.getResponse().getStatusCode(), null, operation, name, e);
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return accessDenied(where + ": access denied by the filesystem", e);
        }
        if (t instanceof FileSystemException) {
            return new StoreException(where + ": filesystem error (" + t.getClass().getSimpleName() + ")",
                    RedactedCause.of(e));
        }
        if (t instanceof IOException) {
            return ioFailure(where, t, e);
        }
        return null;
    }

    /** Whether {@code e} is an HTTP 416 (range past the end of the object). */
    static boolean isRangeNotSatisfiable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpResponseException http && http.getResponse() != null
                    && http.getResponse().getStatusCode() == 416) {
                return true;
            }
        }
        return false;
    }
}
