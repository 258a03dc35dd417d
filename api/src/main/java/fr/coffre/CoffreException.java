package fr.coffre;

/**
 * Root of Coffre's single unchecked exception tree.
 *
 * <p>Messages never contain key material, plaintext, patient identifiers, credentials or plaintext
 * object names: they name the operation, the opaque object or key reference, and the rule broken.
 */
public class CoffreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoffreException(String message) {
        super(message);
    }

    public CoffreException(String message, Throwable cause) {
        super(message, cause);
    }
}
