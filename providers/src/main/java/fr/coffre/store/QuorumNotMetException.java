package fr.coffre.store;

/**
 * A write to a replicated store ({@link ObjectStores#replicated}) committed on fewer replicas than its write quorum.
 * The replicas that did commit keep what they committed (see {@link ReplicationSettings} for what that means and
 * how {@code coffre repair} reconciles them); the write must be treated as failed and retried. Extends
 * {@link StoreUnavailableException}: too many replicas could not be reached or refused the write.
 */
public class QuorumNotMetException extends StoreUnavailableException {
    private static final long serialVersionUID = 1L;

    private final int succeeded;
    private final int required;
    private final int replicas;

    public QuorumNotMetException(String operation, int succeeded, int required, int replicas, Throwable cause) {
        super(operation + ": " + succeeded + " of " + replicas + " replicas committed, the write quorum is "
                + required, cause);
        this.succeeded = succeeded;
        this.required = required;
        this.replicas = replicas;
    }

    /** How many replicas committed. */
    public int succeeded() {
        return succeeded;
    }

    /** The write quorum. */
    public int required() {
        return required;
    }

    /** How many replicas the store has. */
    public int replicas() {
        return replicas;
    }
}
