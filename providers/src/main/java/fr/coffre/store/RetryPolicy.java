package fr.coffre.store;

import fr.coffre.InvalidInputException;
import java.time.Duration;

/**
 * How a store retries an idempotent operation that failed transiently ({@link StoreUnavailableException}: 5xx,
 * throttling, connection resets, timeouts): at most {@code maxAttempts} attempts in all, waiting before attempt
 * {@code n >= 2} a delay drawn from the exponential ceiling {@code min(maxBackoff, initialBackoff * 2^(n-2))}; with
 * {@code jitter = 1.0} ("full jitter") the delay is uniform in {@code [0, ceiling]}, with {@code jitter = 0} it is
 * the ceiling, in between uniform in {@code [ceiling * (1 - jitter), ceiling]}. Immutable.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
    }

    /** 5 attempts, 200 ms initial backoff, 10 s maximum backoff, full jitter. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** A single attempt: no retry. */
    public static RetryPolicy noRetry() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .jitter(jitter);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double jitter() {
        return jitter;
    }

    /** The ceiling of the delay before attempt {@code attempt} (2 = first retry). */
    public Duration backoffCeiling(int attempt) {
        if (attempt < 2) {
            throw new InvalidInputException("attempt: must be >= 2 (the first attempt does not wait), was " + attempt);
        }
        int doublings = Math.min(attempt - 2, 62);
        long initialNanos = initialBackoff.toNanos();
        long maxNanos = maxBackoff.toNanos();
        long ceiling = initialNanos > (maxNanos >> doublings) ? maxNanos : initialNanos << doublings;
        return Duration.ofNanos(Math.min(ceiling, maxNanos));
    }

    /**
     * The delay before attempt {@code attempt}, given {@code random} uniform in {@code [0, 1)}.
     */
    public Duration backoff(int attempt, double random) {
        if (!(random >= 0 && random < 1)) {
            throw new InvalidInputException("random: must be in [0, 1), was " + random);
        }
        long ceiling = backoffCeiling(attempt).toNanos();
        double factor = (1 - jitter) + jitter * random;
        return Duration.ofNanos((long) (ceiling * factor));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && p.maxAttempts == maxAttempts && p.initialBackoff.equals(initialBackoff)
                && p.maxBackoff.equals(maxBackoff) && Double.compare(p.jitter, jitter) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(maxAttempts, initialBackoff, maxBackoff, jitter);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", jitter=" + jitter + "]";
    }

    /** Builder; {@link #build()} fails fast with the field, the rule and the value. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double jitter = 1.0;

        private Builder() {
        }

        /** Attempts in all, 1 (no retry) to 100. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Ceiling of the first retry's delay, 0 to 1 hour. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** Largest delay ceiling, {@code initialBackoff} to 1 hour. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Fraction of the delay that is random, 0 to 1 (1 = full jitter). */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public RetryPolicy build() {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new InvalidInputException("maxAttempts: must be 1 to 100, was " + maxAttempts);
            }
            requireDuration("initialBackoff", initialBackoff);
            requireDuration("maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new InvalidInputException("maxBackoff: must be >= initialBackoff (" + initialBackoff
                        + "), was " + maxBackoff);
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new InvalidInputException("jitter: must be 0 to 1, was " + jitter);
            }
            return new RetryPolicy(this);
        }

        private static void requireDuration(String field, Duration d) {
            if (d == null) {
                throw new InvalidInputException(field + ": must be non-null");
            }
            if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException(field + ": must be 0 to 1 hour, was " + d);
            }
        }
    }
}
