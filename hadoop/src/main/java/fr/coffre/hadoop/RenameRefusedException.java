package fr.coffre.hadoop;

import java.io.IOException;

/**
 * {@link CoffreFileSystem#rename} refused to move an object. A Coffre object's name is bound into its ciphertext (its
 * logical identity), so a rename is a copy re-encrypted under the new name, then a delete. It is refused for an
 * object the connector did not write: re-encrypting it would need its data key's owner (a subject, for
 * crypto-shredding), which only the writer knew; move such objects with the application that wrote them.
 * The message names the opaque store name, never the logical one.
 */
public final class RenameRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RenameRefusedException(String message) {
        super(message);
    }
}
