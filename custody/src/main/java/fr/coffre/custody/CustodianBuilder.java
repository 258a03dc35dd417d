package fr.coffre.custody;

import fr.coffre.custody.internal.CustodyBackend;
import fr.coffre.custody.internal.TableCustodian;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * What every custodian builder shares: the jurisdiction label, randomness, clock and retry/refresh tuning, and the
 * hand-over of a ready {@link CustodyBackend} to {@link TableCustodian}. Package-private: its public setters show on
 * each custody's public {@code Builder}; the checks stay in each {@code build()}, in that custody's order.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class CustodianBuilder<B extends CustodianBuilder<B>> {
    String jurisdiction = "FR";
    SecureRandom random;
    Clock clock = Clock.systemUTC();
    Duration refreshInterval;
    int maxAttempts;
    Duration retryBackoff;

    CustodianBuilder(Duration refreshInterval, int maxAttempts, Duration retryBackoff) {
        this.refreshInterval = refreshInterval;
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** ISO 3166-1 alpha-2 label of where the custody is operated (file kept, HSM or key server run); default {@code FR}. */
    public B jurisdiction(String jurisdiction) {
        this.jurisdiction = jurisdiction;
        return self();
    }

    /** Source of randomness for IVs (and, for a keystore, new keys); default a new {@link SecureRandom}. */
    public B random(SecureRandom random) {
        this.random = random;
        return self();
    }

    /** Clock for key-version creation times; default the UTC system clock. */
    public B clock(Clock clock) {
        this.clock = clock;
        return self();
    }

    SecureRandom randomOrDefault() {
        return random == null ? new SecureRandom() : random;
    }

    /** The custodian over {@code backend} (first load included); {@code backend} is closed if that fails. */
    final KeyCustodian open(CustodyBackend backend, String scheme, String endpoint) {
        try {
            return new TableCustodian(backend, new CustodyDescriptor(scheme, endpoint, jurisdiction), clock,
                    refreshInterval, maxAttempts, retryBackoff);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** Adds the public retry and refresh setters of the custodies another process can change (token, key server). */
    abstract static class Remote<B extends Remote<B>> extends CustodianBuilder<B> {
        Remote(Duration retryBackoff) {
            super(Duration.ofSeconds(2), 3, retryBackoff);
        }

        /** How stale key states changed by another process may be; default 2 s. */
        public B refreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
            return self();
        }

        /** Attempts per operation on session or connection failures, recovering in between; default 3. */
        public B maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return self();
        }

        /** Base of the jittered exponential backoff between attempts (default: see the custody's builder). */
        public B retryBackoff(Duration retryBackoff) {
            this.retryBackoff = retryBackoff;
            return self();
        }
    }
}
