package fr.coffre.core.migration;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import java.nio.file.Path;

/**
 * Brings a lagging or new replica of a replicated store back in line with a healthy one, and proves it: a
 * {@link Migration} from the healthy replica to the lagging one (delta on: an object rewritten at the same size
 * is caught by its COF1 header digest; an object at both sides that the manifest does not record yet is compared
 * by the header digests of both sides, so only what is missing or different is copied), then a
 * {@link Verification} at ciphertext depth (SHA-256 of every object, both sides). No key is needed. Objects only on
 * the lagging replica (deleted while it was down) are reported, and removed only with {@link Builder#delete}.
 */
public final class Repair {
    private final Migration migration;
    private final Verification verification;

    private Repair(Builder b) {
        this.migration = Migration.builder().source(b.healthy).destination(b.lagging).manifest(b.manifest)
                .jobs(b.jobs).prefix(b.prefix).delta(true).delete(b.delete).reconcile(true).build();
        this.verification = Verification.builder().source(b.healthy).destination(b.lagging)
                .depth(Verification.Depth.CIPHERTEXT).jobs(b.jobs).prefix(b.prefix).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Copies what the lagging replica misses, then verifies it. */
    public RepairReport run() {
        MigrationReport copied = migration.run();
        return new RepairReport(copied, verification.run());
    }

    /**
     * Builds a {@link Repair}. Required: {@link #healthy}, {@link #lagging}, {@link #manifest} (its directory must
     * exist). {@link #build()} fails fast naming the field, the rule and the value.
     */
    public static final class Builder {
        private ObjectStore healthy;
        private ObjectStore lagging;
        private Path manifest;
        private int jobs = Migration.DEFAULT_JOBS;
        private String prefix = "";
        private boolean delete;

        private Builder() {
        }

        /** The replica known to be complete: the reference. */
        public Builder healthy(ObjectStore v) {
            this.healthy = v;
            return this;
        }

        /** The replica to bring back in line. */
        public Builder lagging(ObjectStore v) {
            this.lagging = v;
            return this;
        }

        /** The checkpoint manifest of this pair (custody side); a repair is resumable like a migration. */
        public Builder manifest(Path v) {
            this.manifest = v;
            return this;
        }

        /** Transfers and checks at a time, 1 to 256 (default {@value Migration#DEFAULT_JOBS}). */
        public Builder jobs(int v) {
            this.jobs = v;
            return this;
        }

        public Builder prefix(String v) {
            this.prefix = v;
            return this;
        }

        /** Remove from the lagging replica the objects the healthy one no longer holds. */
        public Builder delete(boolean v) {
            this.delete = v;
            return this;
        }

        public Repair build() {
            if (healthy == null || lagging == null) {
                throw new InvalidInputException("healthy, lagging: must both be set");
            }
            return new Repair(this);
        }
    }
}
