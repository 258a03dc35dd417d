package fr.coffre.store.replicated;

import fr.coffre.InvalidInputException;
import fr.coffre.store.Leftover;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ReplicationListener;
import fr.coffre.store.ReplicationListener.Operation;
import fr.coffre.store.ReplicationSettings;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;
import fr.coffre.store.internal.ObjectNames;
import fr.coffre.store.internal.UploadSource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An {@link ObjectStore} over several replicas; the semantics are documented on {@link ReplicationSettings}. */
final class ReplicatedObjectStore implements ObjectStore {
    private static final int MAX_TOKEN_CHARS = 8192;
    private static final Pattern LEFTOVER_ID = Pattern.compile("r(\\d{1,3}):(.+)", Pattern.DOTALL);

    private final List<ObjectStore> replicas;
    private final int quorum;
    private final List<Integer> readOrder;
    private final ReplicationListener listener;
    private final StoreDescriptor descriptor;
    private final ExecutorService writers;
    private final UnionListing listing;

    ReplicatedObjectStore(ReplicationSettings settings) {
        this.replicas = settings.replicas();
        this.quorum = settings.writeQuorum();
        this.readOrder = settings.readOrder();
        this.listener = settings.listener();
        this.descriptor = CompositeDescriptor.of(replicas);
        this.listing = new UnionListing(replicas, readOrder, listener, descriptor.toString());
        this.writers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "coffre-replica-write");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public StoreDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void createContainerIfAbsent() {
        onEvery(Operation.CREATE_CONTAINER, null, r -> {
            r.createContainerIfAbsent();
            return null;
        });
    }

    @Override
    public ObjectInfo put(String name, InputStream data, long lengthBytes) {
        ObjectNames.requireValidName(name);
        UploadSource source = new UploadSource(data, lengthBytes);
        String operation = "put of " + name + " on " + descriptor;
        List<Branch> branches = new ArrayList<>();
        List<CompletableFuture<ObjectInfo>> uploads = new ArrayList<>();
        for (ObjectStore r : replicas) {
            Branch b = new Branch();
            branches.add(b);
            uploads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return r.put(name, b, lengthBytes);
                } finally {
                    b.abandon();
                }
            }, writers));
        }
        RuntimeException callerFailure;
        try {
            callerFailure = Tee.copy(source, branches, operation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(operation + ": interrupted; it may be on some replicas");
        }
        if (callerFailure != null) {
            CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            throw callerFailure; // every replica's upload failed on it: nothing was stored
        }
        List<ObjectInfo> committed = collect(Operation.PUT, name, operation, uploads);
        return new ObjectInfo(name, source.countBytes(), committed.get(0).lastModified());
    }

    @Override
    public InputStream get(String name) {
        ObjectNames.requireValidName(name);
        return read("get of " + name, name, r -> r.get(name));
    }

    @Override
    public InputStream get(String name, long offsetBytes, long lengthBytes) {
        ObjectNames.requireValidRange(name, offsetBytes, lengthBytes);
        return read("ranged get of " + name, name, r -> r.get(name, offsetBytes, lengthBytes));
    }

    @Override
    public ObjectInfo stat(String name) {
        ObjectNames.requireValidName(name);
        return read("stat of " + name, name, r -> r.stat(name));
    }

    /**
     * Every answering replica's leftovers, each id prefixed with its replica's index ({@code r<i>:}) so that
     * {@link #reclaim} reaches the replica it came from; a replica that fails is reported and skipped.
     */
    @Override
    public List<Leftover> leftovers(java.time.Duration olderThan) {
        List<Leftover> out = new ArrayList<>();
        List<StoreException> failures = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            try {
                for (Leftover l : replicas.get(i).leftovers(olderThan)) {
                    out.add(new Leftover(l.kind(), "r" + i + ":" + l.id(), l.sizeBytes(), l.age()));
                }
            } catch (StoreException e) {
                failures.add(e);
                listener.replicaFailed(Operation.READ, null, i, replicas.get(i).descriptor(), e);
            }
        }
        if (failures.size() == replicas.size()) {
            throw Outcomes.noReplicaServed("leftovers listing", descriptor.toString(), failures);
        }
        return out;
    }

    /** Reclaims a leftover of {@link #leftovers} on the replica its id names. */
    @Override
    public void reclaim(Leftover leftover) {
        Matcher m = leftover == null ? null : LEFTOVER_ID.matcher(leftover.id());
        int i = m != null && m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (i < 0 || i >= replicas.size()) {
            throw new InvalidInputException("leftover: not one this replicated store listed (its id names no replica)");
        }
        replicas.get(i).reclaim(new Leftover(leftover.kind(), m.group(2), leftover.sizeBytes(), leftover.age()));
    }

    @Override
    public ListPage list(String prefix, String pageToken, int maxResults) {
        ObjectNames.requireValidListing(prefix, pageToken, maxResults, MAX_TOKEN_CHARS);
        return listing.list(prefix, pageToken, maxResults);
    }

    @Override
    public void delete(String name) {
        ObjectNames.requireValidName(name);
        onEvery(Operation.DELETE, name, r -> {
            r.delete(name);
            return null;
        });
    }

    @Override
    public void close() {
        writers.shutdownNow();
        RuntimeException first = null;
        for (ObjectStore r : replicas) {
            try {
                r.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ReplicatedObjectStore[" + descriptor + ", writeQuorum=" + quorum + "]";
    }

    // ---------------------------------------------------------------- helpers

    private <T> T read(String operation, String name, Function<ObjectStore, T> call) {
        List<StoreException> failures = new ArrayList<>();
        for (int i : readOrder) {
            try {
                T result = call.apply(replicas.get(i));
                report(Operation.READ, name, failures);
                return result;
            } catch (StoreException e) {
                failures.add(e);
            }
        }
        report(Operation.READ, name, failures);
        throw Outcomes.noReplicaServed(operation, descriptor.toString(), failures);
    }

    /** Tells the listener of the replicas that failed a read (failures are in read order). */
    private void report(Operation op, String name, List<StoreException> failures) {
        for (int k = 0; k < failures.size(); k++) {
            int i = readOrder.get(k);
            listener.replicaFailed(op, name, i, replicas.get(i).descriptor(), failures.get(k));
        }
    }

    private <T> void onEvery(Operation op, String name, Function<ObjectStore, T> call) {
        List<CompletableFuture<T>> runs = new ArrayList<>();
        for (ObjectStore r : replicas) {
            runs.add(CompletableFuture.supplyAsync(() -> call.apply(r), writers));
        }
        String what = (name == null ? "creating the container" : op.name().toLowerCase(java.util.Locale.ROOT)
                + " of " + name) + " on " + descriptor;
        collect(op, name, what, runs);
    }

    /**
     * Waits for every replica, reports those that failed to the listener when the quorum is met, else throws.
     *
     * @return the results of the replicas that succeeded (at least the quorum)
     */
    private <T> List<T> collect(Operation op, String name, String what, List<CompletableFuture<T>> runs) {
        List<T> results = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        boolean interrupted = false;
        for (int i = 0; i < runs.size(); i++) {
            while (true) {
                try {
                    results.add(runs.get(i).get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // every replica's outcome is needed to tell the truth; wait on
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof RuntimeException re ? re
                            : new StoreUnavailableException(what + ": replica " + i + " failed", e.getCause()));
                    failed.add(i);
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (results.size() < quorum) {
            throw Outcomes.quorumNotMet(what, results.size(), quorum, runs.size(), failures);
        }
        for (int k = 0; k < failed.size(); k++) {
            if (failures.get(k) instanceof StoreException se) {
                int i = failed.get(k);
                listener.replicaFailed(op, name, i, replicas.get(i).descriptor(), se);
            }
        }
        return results;
    }
}
