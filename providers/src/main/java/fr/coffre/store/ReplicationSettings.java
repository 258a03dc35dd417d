package fr.coffre.store;

import fr.coffre.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration of a replicated store ({@link ObjectStores#replicated}): its replicas (at least 2, with distinct
 * descriptors), the write quorum (1 to n, default a majority: {@code n / 2 + 1}), the order reads try the replicas
 * in (default the order they were given), and a {@link ReplicationListener}. Immutable.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>put</b> streams the caller's data once, to every replica at the same time, through a bounded tee (a few
 *       64 KiB chunks per replica; the slowest live replica sets the pace; nothing is spooled or buffered whole).
 *       It succeeds when at least {@code writeQuorum} replicas committed; the others are reported to the listener
 *       and lag until repaired. Below the quorum it throws {@link QuorumNotMetException} (how many committed, how
 *       many were required) — or, when every replica failed alike (missing container, denied access), that typed
 *       failure. A replica that committed before the quorum was missed keeps the new object (it is not rolled back:
 *       deleting it would also destroy the previous version); the caller retries the put, or {@code coffre repair}
 *       brings the replicas back in line. A failure of the caller's stream, or a length different from the
 *       declared one, aborts every replica's upload: nothing is stored anywhere.</li>
 *   <li><b>get, ranged get, stat, exists</b> try the replicas in read order and fall through to the next one on
 *       any store failure of a replica: unavailable, denied, missing container, and also a missing object (a
 *       lagging replica may not have it yet). The object is "not found" only when every replica said so; when some
 *       were unavailable, the read is {@link StoreUnavailableException}. Failing over happens when the stream is
 *       opened, not in the middle of a read.</li>
 *   <li><b>list</b> is the union of every answering replica's listing, merged in lexicographic order, each name
 *       once (its size and date from the first replica in read order that lists it): an object written while a
 *       replica was down is listed. Each page reads the current page of every replica (a page costs one list request
 *       per replica). A replica that fails leaves the listing, reported to the listener, and the union of the
 *       others goes on; the listing fails only when no replica answers. A replica that is down for the whole
 *       listing hides nothing that the quorum wrote elsewhere.</li>
 *   <li><b>delete</b> and <b>createContainerIfAbsent</b> run on every replica and need the write quorum, like put.</li>
 *   <li>The replicated store owns its replicas: closing it closes them. Its leftovers ({@link ObjectStore#cleanup})
 *       are every answering replica's, each id prefixed with the replica's index; reclaiming one removes it on that
 *       replica.</li>
 *   <li>Its descriptor is a composite: provider {@code replicated}, the replicas' descriptors (never credentials)
 *       as endpoint, and the container, country and jurisdiction they share (null where they differ, so that a
 *       policy refuses rather than guesses: check each replica against the policy).</li>
 * </ul>
 */
public final class ReplicationSettings {
    private final List<ObjectStore> replicas;
    private final int writeQuorum;
    private final List<Integer> readOrder;
    private final ReplicationListener listener;

    private ReplicationSettings(Builder b, int quorum, List<Integer> order) {
        this.replicas = List.copyOf(b.replicas);
        this.writeQuorum = quorum;
        this.readOrder = List.copyOf(order);
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<ObjectStore> replicas() {
        return replicas;
    }

    public int writeQuorum() {
        return writeQuorum;
    }

    /** Indices into {@link #replicas()}, in the order reads try them: a permutation of {@code 0..n-1}. */
    public List<Integer> readOrder() {
        return readOrder;
    }

    public ReplicationListener listener() {
        return listener;
    }

    @Override
    public String toString() {
        return "ReplicationSettings[replicas=" + replicas.stream().map(r -> r.descriptor().toString()).toList()
                + ", writeQuorum=" + writeQuorum + ", readOrder=" + readOrder + "]";
    }

    /** Builds {@link ReplicationSettings}; {@link #build()} fails fast naming the field, the rule and the value. */
    public static final class Builder {
        private final List<ObjectStore> replicas = new ArrayList<>();
        private Integer writeQuorum;
        private List<Integer> readOrder;
        private ReplicationListener listener = ReplicationListener.none();

        private Builder() {
        }

        /** Adds a replica (in order: its index is its position). */
        public Builder replica(ObjectStore v) {
            if (v == null) {
                throw new InvalidInputException("replica: must be non-null");
            }
            replicas.add(v);
            return this;
        }

        /** Default a majority of the replicas ({@code n / 2 + 1}). */
        public Builder writeQuorum(int v) {
            writeQuorum = v;
            return this;
        }

        /** Indices of the replicas in the order reads try them; default {@code 0, 1, ..., n-1}. */
        public Builder readOrder(int... v) {
            if (v == null) {
                throw new InvalidInputException("readOrder: must be non-null");
            }
            readOrder = java.util.Arrays.stream(v).boxed().toList();
            return this;
        }

        public Builder listener(ReplicationListener v) {
            if (v == null) {
                throw new InvalidInputException("listener: must be non-null (ReplicationListener.none() for none)");
            }
            listener = v;
            return this;
        }

        /** @throws InvalidInputException naming the field, the rule and the value */
        public ReplicationSettings build() {
            int n = replicas.size();
            if (n < 2) {
                throw new InvalidInputException("replicas: must be at least 2, was " + n);
            }
            Set<StoreDescriptor> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                if (!seen.add(replicas.get(i).descriptor())) {
                    throw new InvalidInputException("replicas: descriptors must be distinct, replica " + i
                            + " repeats " + replicas.get(i).descriptor());
                }
            }
            int quorum = writeQuorum == null ? n / 2 + 1 : writeQuorum;
            if (quorum < 1 || quorum > n) {
                throw new InvalidInputException("writeQuorum: must be 1 to " + n + " (the replica count), was "
                        + quorum);
            }
            List<Integer> order = readOrder;
            if (order == null) {
                order = java.util.stream.IntStream.range(0, n).boxed().toList();
            } else if (order.size() != n || !new HashSet<>(order).equals(
                    new HashSet<>(java.util.stream.IntStream.range(0, n).boxed().toList()))) {
                throw new InvalidInputException("readOrder: must be a permutation of 0.." + (n - 1) + ", was "
                        + order);
            }
            return new ReplicationSettings(this, quorum, order);
        }
    }
}
