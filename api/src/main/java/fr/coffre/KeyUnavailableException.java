package fr.coffre;


/** The custodian cannot provide the key named by a key reference (unknown key id or version, custody unreachable, wrapped key rejected). */
public class KeyUnavailableException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public KeyUnavailableException(String message) {
        super(message);
    }

    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
