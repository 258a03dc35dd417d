package fr.coffre.store;

import fr.coffre.CoffreException;

/** A store operation failed. Messages name the store and the (opaque) object, never a credential. */
public class StoreException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
