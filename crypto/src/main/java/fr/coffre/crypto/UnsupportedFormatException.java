package fr.coffre.crypto;

import fr.coffre.CoffreException;

/** The bytes are not a COF1 object this version can read (bad magic, unknown version or algorithm suite). */
public class UnsupportedFormatException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFormatException(String message) {
        super(message);
    }

    public UnsupportedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
