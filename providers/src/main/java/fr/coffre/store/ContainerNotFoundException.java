package fr.coffre.store;

/** The bucket or container does not exist. */
public class ContainerNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ContainerNotFoundException(String message) {
        super(message);
    }

    public ContainerNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
