package fr.coffre.store.internal;
import fr.coffre.store.StoreDescriptor;

import fr.coffre.InvalidInputException;
import java.util.function.Supplier;

/**
 * How an adapter runs its provider calls: {@link #once} (one attempt: a request that consumes the caller's data, or
 * one step of an upload the uploader retries itself) or {@link #idempotent} (under the store's {@link Retrier}),
 * each failure mapped to a typed Coffre exception by the adapter's {@link ErrorMapper}. Thread-safe.
 */
public final class StoreCalls {

    /** Maps one provider failure of {@code operation} on object {@code name} (null: container-level). */
    @FunctionalInterface
    public interface ErrorMapper {
        RuntimeException map(RuntimeException failure, String operation, String name);
    }

    private final StoreDescriptor store;
    private final Retrier retrier;
    private final ErrorMapper mapper;

    public StoreCalls(StoreDescriptor store, Retrier retrier, ErrorMapper mapper) {
        if (store == null || retrier == null || mapper == null) {
            throw new InvalidInputException("store, retrier and mapper: must be non-null");
        }
        this.store = store;
        this.retrier = retrier;
        this.mapper = mapper;
    }

    /** How messages name an operation: {@code "get 'ab/cd' on s3:https://host/bucket"}, never a credential. */
    public static String where(StoreDescriptor store, String operation, String name) {
        return name == null ? operation + " on " + store : operation + " '" + name + "' on " + store;
    }

    public String where(String operation, String name) {
        return where(store, operation, name);
    }

    public Retrier retrier() {
        return retrier;
    }

    /** {@code failure} of {@code operation} on {@code name}, mapped to a typed Coffre exception. */
    public RuntimeException map(RuntimeException failure, String operation, String name) {
        return mapper.map(failure, operation, name);
    }

    /** Runs {@code call} once, its failure mapped. */
    public <T> T once(String operation, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw mapper.map(e, operation, name);
        }
    }

    /** Runs {@code call} under the retrier, each attempt's failure mapped (transient ones are retried). */
    public <T> T idempotent(String operation, String name, Supplier<T> call) {
        return retrier.call(where(operation, name), () -> once(operation, name, call));
    }
}
