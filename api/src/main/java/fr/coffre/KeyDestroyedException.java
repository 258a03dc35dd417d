package fr.coffre;

/** The key was deliberately destroyed (crypto-shredding): every object under it is permanently unreadable. */
public class KeyDestroyedException extends KeyUnavailableException {
    private static final long serialVersionUID = 1L;

    public KeyDestroyedException(String message) {
        super(message);
    }

    public KeyDestroyedException(String message, Throwable cause) {
        super(message, cause);
    }
}
