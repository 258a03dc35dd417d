package fr.coffre.store;

/** The store refused the credentials or the operation. */
public class AccessDeniedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }

    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
