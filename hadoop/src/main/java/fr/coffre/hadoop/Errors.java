package fr.coffre.hadoop;

import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ObjectNotFoundException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Coffre's typed unchecked exceptions as the {@link IOException}s Hadoop callers expect, the original kept as the
 * cause (so a caller can still tell {@code TamperedObjectException} from {@code KeyDestroyedException}). Messages
 * are Coffre's own, which never contain a logical name, a subject or plaintext.
 */
final class Errors {
    private Errors() {
    }

    static IOException io(RuntimeException e) {
        if (e instanceof UncheckedIOException u) {
            return u.getCause();
        }
        IOException out;
        if (e instanceof ObjectNotFoundException) {
            out = new FileNotFoundException(e.getMessage());
        } else if (e instanceof AccessDeniedException) {
            out = new java.nio.file.AccessDeniedException(e.getMessage());
        } else {
            return new IOException(e.getMessage(), e);
        }
        out.initCause(e);
        return out;
    }
}
