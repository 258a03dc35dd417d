package fr.coffre.crypto;

import fr.coffre.CoffreException;

/** An encrypted object failed authentication (bit flip, truncation, reordering, header swap, renamed object, commitment mismatch). No unauthenticated plaintext was released. */
public class TamperedObjectException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public TamperedObjectException(String message) {
        super(message);
    }

    public TamperedObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
