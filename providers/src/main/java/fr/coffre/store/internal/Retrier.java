package fr.coffre.store.internal;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreUnavailableException;

import fr.coffre.InvalidInputException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * Runs idempotent store operations under a {@link RetryPolicy}: an attempt that throws
 * {@link StoreUnavailableException} is retried after a jittered exponential backoff, every other exception
 * (not found, access denied, invalid input, a failure of the caller's own stream) is thrown at once. When the
 * attempts are exhausted the last failure is thrown as a {@link StoreUnavailableException} that says how many
 * attempts were made.
 *
 * <p>Only wrap operations that can be replayed from scratch: a get, stat, list or delete, or an upload from a
 * buffer or file the adapter owns. Never wrap an upload that consumes the caller's stream. Thread-safe.
 */
public final class Retrier {

    /** Waits for a delay; the real one sleeps. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    /** One attempt of an operation. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run();
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public Retrier(RetryPolicy policy) {
        this(policy, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    Retrier(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
        if (policy == null) {
            throw new InvalidInputException("policy: must be non-null");
        }
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails permanently, or the policy's attempts are used up.
     *
     * @param operation names the operation and object for the final message, e.g. {@code "get 'ab/cd' in s3:..."}
     */
    public <T> T call(String operation, Attempt<T> attempt) {
        return call(operation, attempt, () -> true);
    }

    /**
     * {@link #call}, but a transient failure is retried only while {@code mayRetry} answers true after it; otherwise
     * that failure is thrown at once. For an upload that streams the caller's data: it may be replayed only as long
     * as none of that data was consumed.
     */
    public <T> T call(String operation, Attempt<T> attempt, BooleanSupplier mayRetry) {
        StoreUnavailableException last = null;
        for (int n = 1; n <= policy.maxAttempts(); n++) {
            if (n > 1) {
                pause(operation, n, last);
            }
            try {
                return attempt.run();
            } catch (StoreUnavailableException e) {
                if (!mayRetry.getAsBoolean()) {
                    throw e;
                }
                last = e;
            }
        }
        if (policy.maxAttempts() == 1) {
            throw last;
        }
        throw new StoreUnavailableException(last.getMessage() + " (gave up after " + policy.maxAttempts()
                + " attempts)", last);
    }

    /** {@link #call} for an operation without a result. */
    public void run(String operation, Runnable attempt) {
        call(operation, () -> {
            attempt.run();
            return null;
        });
    }

    private void pause(String operation, int attempt, StoreUnavailableException last) {
        try {
            sleeper.sleep(policy.backoff(attempt, random.getAsDouble()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(operation + ": interrupted while waiting to retry", last);
        }
    }
}
