package fr.coffre.store;

import fr.coffre.InvalidInputException;

/**
 * Chooses multipart part sizes within a provider's limits, so that memory stays bounded (one part buffer at a
 * time) and no object hits the part-count ceiling (Scaleway allows only 1,000 parts, OVHcloud 10,000, Azure 50,000
 * blocks). Immutable.
 *
 * <ul>
 *   <li><b>Known size</b> ({@link #partSizeFor}): the preferred part size, grown (in whole MiB) just enough for the
 *       object to fit in {@code maxParts} parts.</li>
 *   <li><b>Unknown size</b> ({@link #partSizeForPart}): a schedule that starts at the preferred size and doubles
 *       every {@link #partsPerDoubling()} parts, up to {@code maxPartBytes}. Small streams use small buffers; the
 *       schedule is the slowest-growing one that still reaches {@code unknownSizeTargetBytes} (default 1 TiB, or
 *       the largest object the limits allow if smaller), so memory grows only with the object.</li>
 * </ul>
 */
public final class PartSizing {

    private static final long MIB = 1024L * 1024;

    private final long minPartBytes;
    private final long maxPartBytes;
    private final int maxParts;
    private final long preferredPartBytes;
    private final long maxObjectBytes;
    private final int partsPerDoubling;
    private final long maxUnknownSizeBytes;

    private PartSizing(Builder b) {
        this.minPartBytes = b.minPartBytes;
        this.maxPartBytes = b.maxPartBytes;
        this.maxParts = b.maxParts;
        this.preferredPartBytes = b.preferredPartBytes;
        this.maxObjectBytes = Math.min(b.maxObjectBytes, saturatedProduct(maxPartBytes, maxParts));
        long target = Math.min(b.unknownSizeTargetBytes, maxObjectBytes);
        // the total is non-increasing in the step: find the largest step that still reaches the target
        int low = 1;
        int high = maxParts;
        while (low < high) {
            int mid = low + (high - low + 1) / 2;
            if (scheduleTotal(mid) >= target) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        int step = low;
        this.partsPerDoubling = step;
        this.maxUnknownSizeBytes = Math.min(scheduleTotal(step), maxObjectBytes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public long minPartBytes() {
        return minPartBytes;
    }

    public long maxPartBytes() {
        return maxPartBytes;
    }

    public int maxParts() {
        return maxParts;
    }

    public long preferredPartBytes() {
        return preferredPartBytes;
    }

    /** Largest object these limits allow ({@code maxObjectBytes}, at most {@code maxPartBytes * maxParts}). */
    public long maxObjectBytes() {
        return maxObjectBytes;
    }

    /** Parts between two doublings of the unknown-size schedule. */
    public int partsPerDoubling() {
        return partsPerDoubling;
    }

    /** Largest stream of unknown length the schedule can upload. */
    public long maxUnknownSizeBytes() {
        return maxUnknownSizeBytes;
    }

    /**
     * Part size for an object of known size: every part but the last has this size.
     *
     * @throws InvalidInputException if the size is negative or larger than {@link #maxObjectBytes()}
     */
    public long partSizeFor(long objectSizeBytes) {
        if (objectSizeBytes < 0) {
            throw new InvalidInputException("objectSizeBytes: must be >= 0, was " + objectSizeBytes);
        }
        if (objectSizeBytes > maxObjectBytes) {
            throw new InvalidInputException("objectSizeBytes: must be at most " + maxObjectBytes
                    + " with these limits (" + maxParts + " parts of at most " + maxPartBytes + " bytes), was "
                    + objectSizeBytes);
        }
        long needed = ceilDiv(objectSizeBytes, maxParts);
        long size = Math.max(preferredPartBytes, ceilDiv(needed, MIB) * MIB);
        return Math.min(size, maxPartBytes); // needed <= maxPartBytes, so the cap keeps it large enough
    }

    /** Number of parts of an object of known size (at least 1). */
    public int partCountFor(long objectSizeBytes) {
        return (int) Math.max(1, ceilDiv(objectSizeBytes, partSizeFor(objectSizeBytes)));
    }

    /**
     * Size of part {@code partNumber} (1-based) of a stream of unknown length.
     *
     * @throws InvalidInputException if {@code partNumber} is outside 1 to {@code maxParts}
     */
    public long partSizeForPart(int partNumber) {
        if (partNumber < 1 || partNumber > maxParts) {
            throw new InvalidInputException("partNumber: must be 1 to " + maxParts + ", was " + partNumber);
        }
        return scheduled(partNumber, partsPerDoubling);
    }

    private long scheduled(int partNumber, int step) {
        int doublings = (partNumber - 1) / step;
        if (doublings >= 62 || preferredPartBytes > (maxPartBytes >> Math.min(doublings, 62))) {
            return maxPartBytes;
        }
        return Math.min(maxPartBytes, preferredPartBytes << doublings);
    }

    private long scheduleTotal(int step) {
        long total = 0;
        for (int first = 1; first <= maxParts; first += step) { // one level of equal parts per iteration
            int parts = Math.min(step, maxParts - first + 1);
            long size = scheduled(first, step);
            if (size == maxPartBytes) {
                return saturatedAdd(total, saturatedProduct(size, maxParts - first + 1L));
            }
            total = saturatedAdd(total, saturatedProduct(size, parts));
        }
        return total;
    }

    private static long saturatedAdd(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long saturatedProduct(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    @Override
    public String toString() {
        return "PartSizing[minPartBytes=" + minPartBytes + ", maxPartBytes=" + maxPartBytes + ", maxParts="
                + maxParts + ", preferredPartBytes=" + preferredPartBytes + ", maxObjectBytes=" + maxObjectBytes
                + ", partsPerDoubling=" + partsPerDoubling + "]";
    }

    /** Builder; {@link #build()} fails fast naming the field, the rule and the value. */
    public static final class Builder {
        private long minPartBytes = 5 * MIB;
        private long maxPartBytes = 5_000_000_000L;
        private int maxParts = 10_000;
        private long preferredPartBytes = 8 * MIB;
        private long maxObjectBytes = Long.MAX_VALUE;
        private long unknownSizeTargetBytes = 1024L * 1024 * MIB;

        private Builder() {
        }

        /** Smallest part but the last (S3: 5 MiB; Azure: 1). */
        public Builder minPartBytes(long v) {
            this.minPartBytes = v;
            return this;
        }

        /** Largest part (S3: 5 GB; Azure: 4000 MiB). */
        public Builder maxPartBytes(long v) {
            this.maxPartBytes = v;
            return this;
        }

        /** Most parts per object (S3: 10,000; Scaleway: 1,000; Azure: 50,000). */
        public Builder maxParts(int v) {
            this.maxParts = v;
            return this;
        }

        /** Part size used when nothing forces a larger one (default 8 MiB). */
        public Builder preferredPartBytes(long v) {
            this.preferredPartBytes = v;
            return this;
        }

        /** Largest object the provider accepts (default: only limited by parts). */
        public Builder maxObjectBytes(long v) {
            this.maxObjectBytes = v;
            return this;
        }

        /** How large a stream of unknown length the schedule must reach (default 1 TiB). */
        public Builder unknownSizeTargetBytes(long v) {
            this.unknownSizeTargetBytes = v;
            return this;
        }

        public PartSizing build() {
            if (minPartBytes < 1) {
                throw new InvalidInputException("minPartBytes: must be >= 1, was " + minPartBytes);
            }
            if (maxPartBytes < minPartBytes) {
                throw new InvalidInputException("maxPartBytes: must be >= minPartBytes (" + minPartBytes
                        + "), was " + maxPartBytes);
            }
            if (maxParts < 1) {
                throw new InvalidInputException("maxParts: must be >= 1, was " + maxParts);
            }
            if (preferredPartBytes < minPartBytes || preferredPartBytes > maxPartBytes) {
                throw new InvalidInputException("preferredPartBytes: must be between minPartBytes (" + minPartBytes
                        + ") and maxPartBytes (" + maxPartBytes + "), was " + preferredPartBytes);
            }
            if (preferredPartBytes > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("preferredPartBytes: must fit one array (< 2 GiB), was "
                        + preferredPartBytes);
            }
            if (maxObjectBytes < 0) {
                throw new InvalidInputException("maxObjectBytes: must be >= 0, was " + maxObjectBytes);
            }
            if (unknownSizeTargetBytes < 1) {
                throw new InvalidInputException("unknownSizeTargetBytes: must be >= 1, was "
                        + unknownSizeTargetBytes);
            }
            return new PartSizing(this);
        }
    }
}
