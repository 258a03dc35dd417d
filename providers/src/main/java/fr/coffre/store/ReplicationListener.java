package fr.coffre.store;

/**
 * Told when a replica of a replicated store ({@link ObjectStores#replicated}) failed an operation the store as a
 * whole survived: a write committed by the quorum but not by this replica (the replica now lags: run
 * {@code coffre repair}), or a read that failed over to the next replica. Called on the caller's thread after the
 * operation; must be quick and must not throw. Names are the store's opaque names; failures are typed and redacted.
 */
@FunctionalInterface
public interface ReplicationListener {

    /** What the replica failed. */
    enum Operation {
        CREATE_CONTAINER, PUT, DELETE, READ
    }

    /**
     * @param name the object's opaque name, or null for a container operation
     * @param replica the replica's index in {@link ReplicationSettings#replicas()}
     */
    void replicaFailed(Operation operation, String name, int replica, StoreDescriptor descriptor,
            StoreException failure);

    /** A listener that ignores everything. */
    static ReplicationListener none() {
        return (operation, name, replica, descriptor, failure) -> {
        };
    }
}
