package fr.coffre.core.migration;

import fr.coffre.core.RegistryMismatchException;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.core.Coffre;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks that a destination holds what a source holds (or that one store alone is sound), in the spirit of
 * {@code rclone check --combined}: a streaming merge of both listings finds what is missing on either side; the
 * objects at both sides (in the {@link Sample}) are then compared at one of two depths:
 * <ul>
 *   <li>{@link Depth#CIPHERTEXT}: SHA-256 of each object streamed from both sides. No key needed.</li>
 *   <li>{@link Depth#AUTHENTICATED}: each destination object is opened through a {@link Coffre} over the
 *       destination, with custody ({@link Coffre#authenticate}: key commitment, every segment tag, identity bound
 *       to its decrypted name), the plaintext discarded as verified; its ciphertext digest is compared with the
 *       source's. This is also the depth of a store verified alone.</li>
 * </ul>
 * Objects whose data key was destroyed (crypto-shredded) are reported unverifiable, not tampered. Custody that is
 * unreachable aborts the verification ({@link KeyUnavailableException}).
 */
public final class Verification {
    /** How deep each object is checked. */
    public enum Depth {
        CIPHERTEXT,
        AUTHENTICATED
    }

    private final ObjectStore source;
    private final ObjectStore destination;
    private final Depth depth;
    private final Sample sample;
    private final Coffre coffre;
    private final int jobs;
    private final String prefix;

    private Verification(Builder b) {
        this.source = b.source;
        this.destination = b.destination;
        this.depth = b.depth;
        this.sample = b.sample;
        this.coffre = b.coffre;
        this.jobs = b.jobs;
        this.prefix = b.prefix;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the verification to the end.
     *
     * @throws KeyUnavailableException if custody cannot be reached (authenticated depth)
     * @throws RegistryMismatchException if the destination belongs to another registry than the Coffre's
     *         (authenticated depth)
     * @throws fr.coffre.store.StoreException if a listing fails
     */
    public VerificationReport run() {
        Instant started = Instant.now();
        Findings findings = new Findings();
        AtomicReference<RuntimeException> abort = new AtomicReference<>();
        Iterator<ObjectInfo> none = Collections.emptyIterator();
        Peeking<ObjectInfo> s = new Peeking<>(source == null ? none : new StoreListing(source, prefix),
                ObjectInfo::name);
        Peeking<ObjectInfo> d = new Peeking<>(new StoreListing(destination, prefix), ObjectInfo::name);
        ExecutorService sides = BothSides.newSidesExecutor("coffre-verify-source");
        try (BoundedPool pool = new BoundedPool(jobs, "coffre-verify")) {
            for (String name = Peeking.min(s, d); name != null && abort.get() == null; name = Peeking.min(s, d)) {
                ObjectInfo atSource = s.take(name);
                ObjectInfo atDestination = d.take(name);
                if (atDestination == null) {
                    findings.found(name, Difference.Kind.MISSING_AT_DESTINATION, "");
                } else if (source != null && atSource == null) {
                    findings.found(name, Difference.Kind.MISSING_AT_SOURCE, "");
                } else if (!sample.includes(name)) {
                    findings.notSampled.incrementAndGet();
                } else {
                    pool.submit(() -> {
                        try {
                            BothSides.compare(source, atSource, atDestination, findings, sides,
                                    n -> destinationSha(n, findings));
                        } catch (KeyUnavailableException | RegistryMismatchException e) {
                            abort.compareAndSet(null, e);
                        }
                    });
                }
            }
            pool.awaitAll();
        } finally {
            sides.shutdown();
        }
        if (abort.get() != null) {
            throw abort.get();
        }
        return findings.report(source == null ? null : source.descriptor().toString(),
                destination.descriptor().toString(), depth, sample, Duration.between(started, Instant.now()));
    }

    private String destinationSha(String name, Findings findings) {
        if (depth == Depth.AUTHENTICATED) {
            var authenticated = coffre.authenticate(name);
            findings.checkedBytes.addAndGet(authenticated.storeSizeBytes());
            return authenticated.ciphertextSha256();
        }
        return BothSides.sha256(destination, name, findings);
    }

    /**
     * Builds a {@link Verification}. Required: {@link #destination}; {@link #source} unless the destination is
     * verified alone (then at authenticated depth); {@link #coffre} (over the destination) at authenticated depth.
     */
    public static final class Builder {
        private ObjectStore source;
        private ObjectStore destination;
        private Depth depth = Depth.CIPHERTEXT;
        private Sample sample = Sample.ALL;
        private Coffre coffre;
        private int jobs = Migration.DEFAULT_JOBS;
        private String prefix = "";

        private Builder() {
        }

        /** The reference store; leave unset to verify the destination alone. */
        public Builder source(ObjectStore v) {
            this.source = v;
            return this;
        }

        public Builder destination(ObjectStore v) {
            this.destination = v;
            return this;
        }

        public Builder depth(Depth v) {
            this.depth = v;
            return this;
        }

        public Builder sample(Sample v) {
            this.sample = v;
            return this;
        }

        /** A Coffre over the destination store, with custody: needed at {@link Depth#AUTHENTICATED}. */
        public Builder coffre(Coffre v) {
            this.coffre = v;
            return this;
        }

        /** Checks at a time, 1 to 256. */
        public Builder jobs(int v) {
            this.jobs = v;
            return this;
        }

        /** Only store names starting with this prefix (default: the whole container). */
        public Builder prefix(String v) {
            this.prefix = v;
            return this;
        }

        public Verification build() {
            if (destination == null) {
                throw new InvalidInputException("destination: must be set");
            }
            if (depth == null || sample == null || prefix == null) {
                throw new InvalidInputException("depth, sample, prefix: must be non-null");
            }
            if (source == null && depth != Depth.AUTHENTICATED) {
                throw new InvalidInputException("depth: a store verified alone is checked at AUTHENTICATED depth,"
                        + " was " + depth);
            }
            if (depth == Depth.AUTHENTICATED && coffre == null) {
                throw new InvalidInputException("coffre: must be set at AUTHENTICATED depth");
            }
            if (coffre != null && !coffre.storeDescriptor().equals(destination.descriptor())) {
                throw new InvalidInputException("coffre: must work over the destination "
                        + destination.descriptor() + ", works over " + coffre.storeDescriptor());
            }
            if (jobs < 1 || jobs > 256) {
                throw new InvalidInputException("jobs: must be 1 to 256, was " + jobs);
            }
            return new Verification(this);
        }
    }
}
