package fr.coffre.store.internal;

import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.store.Leftover;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreDescriptor;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The skeleton of every adapter, in the spirit of jclouds' {@code BaseBlobStore}: each {@link ObjectStore}
 * operation is a final template method here that validates its arguments ({@link ObjectNames}), runs the
 * provider's hook once (a put, which consumes the caller's stream) or under the store's {@link Retrier} (everything
 * else), and maps every provider failure to a typed Coffre exception ({@link #mapError}, usually through the
 * adapter's {@link StoreErrors}). An adapter implements only the provider calls:
 *
 * <ul>
 *   <li>{@link #createContainer}, {@link #containerExists};</li>
 *   <li>{@link #putObject} (from an {@link UploadSource} that enforces the declared length; a failure of the
 *       caller's stream is reported as such by the base);</li>
 *   <li>{@link #getObject}, {@link #getRange} (only for a positive length: a zero-length range is a stat here),
 *       {@link #statObject} (each returns null, or lets the provider's 404 through, for a missing object);</li>
 *   <li>{@link #listPage} (one raw provider page: the base hides in-flight uploads and {@link #isHidden} names, and
 *       skips pages that hide everything);</li>
 *   <li>{@link #deleteObject} (a missing object, as the provider reports it, is not an error);</li>
 *   <li>{@link #mapError} and {@link #close};</li>
 *   <li>optionally {@link #findLeftovers} and {@link #removeLeftover} (what killed writers leave; default none).</li>
 * </ul>
 * Hooks may throw anything, checked exceptions included; an {@link InterruptedException} keeps the thread's
 * interrupt flag. Where a provider answers "not found" alike for a missing object and a missing container
 * ({@link #ambiguousNotFound}), the base asks {@link #containerExists} so that a missing container is always
 * {@link fr.coffre.store.ContainerNotFoundException}. Opening a store silences the JDK's HTTP wire logs
 * ({@link WireLogs}): they would quote credentials.
 */
public abstract class BaseObjectStore implements ObjectStore {

    /** Where a provider's "not found" may also mean a missing container. */
    protected enum AmbiguousNotFound {
        /** Nowhere: the provider's answers tell a missing container apart. */
        NEVER,
        /** On stat (an S3 HEAD answer has no error code). */
        STAT,
        /** On stat, get and ranged get, on an empty first page of a listing, and on delete (checked first: a
         * DELETE of a missing object is silent). Swift and S3 through jclouds. */
        EVERYWHERE
    }

    /** One provider call; it may throw anything. */
    @FunctionalInterface
    protected interface ProviderCall<T> {
        T run() throws Exception;
    }

    /**
     * One raw page of a listing.
     *
     * @param objects every object of the page, in name order (hidden ones included)
     * @param nextMarker where the next page starts (provider-specific), or null on the last page
     */
    public record Page(List<ObjectInfo> objects, String nextMarker) {
    }

    private final StoreErrors errors;
    private final Retrier retrier;

    protected BaseObjectStore(StoreErrors errors, Retrier retrier) {
        if (errors == null || retrier == null) {
            throw new InvalidInputException("errors and retrier: must be non-null");
        }
        this.errors = errors;
        this.retrier = retrier;
        WireLogs.silence();
    }

    // ---------------------------------------------------------------- provider hooks

    /** Creates the container; a no-op if it exists. */
    protected abstract void createContainer() throws Exception;

    protected abstract boolean containerExists() throws Exception;

    /** Uploads {@code source} (read once; never buffered whole) without ever exposing a partial object. */
    protected abstract void putObject(String name, UploadSource source) throws Exception;

    /** The whole object's stream, or null if absent. */
    protected abstract InputStream getObject(String name) throws Exception;

    /**
     * {@code lengthBytes > 0} bytes from {@code offsetBytes} (fewer if the object ends first; empty if it ends
     * before {@code offsetBytes}), or null if absent.
     */
    protected abstract InputStream getRange(String name, long offsetBytes, long lengthBytes) throws Exception;

    /** The object's name, size and date, or null if absent. */
    protected abstract ObjectInfo statObject(String name) throws Exception;

    /** One page of at most {@code maxResults} objects whose names start with {@code prefix}, after {@code marker}. */
    protected abstract Page listPage(String prefix, String marker, int maxResults) throws Exception;

    protected abstract void deleteObject(String name) throws Exception;

    /** {@code failure} of {@code operation} on {@code name} (null: the container) as a typed Coffre exception. */
    protected abstract RuntimeException mapError(Exception failure, String operation, String name);

    /** Names never listed besides in-flight uploads ({@link ObjectNames#isReserved}); default none. */
    protected boolean isHidden(String name) {
        return false;
    }

    /** Default {@link AmbiguousNotFound#NEVER}. */
    protected AmbiguousNotFound ambiguousNotFound() {
        return AmbiguousNotFound.NEVER;
    }

    /** Longest page token the provider hands out; default {@link ObjectNames#MAX_NAME_LENGTH}. */
    protected int maxPageTokenChars() {
        return ObjectNames.MAX_NAME_LENGTH;
    }

    // ---------------------------------------------------------------- the SPI

    @Override
    public final StoreDescriptor descriptor() {
        return errors.store();
    }

    @Override
    public final void createContainerIfAbsent() {
        idempotent("create " + errors.containerNoun(), null, () -> {
            createContainer();
            return null;
        });
    }

    @Override
    public final ObjectInfo put(String name, InputStream data, long lengthBytes) {
        ObjectNames.requireValidName(name);
        UploadSource source = new UploadSource(data, lengthBytes);
        try {
            putObject(name, source);
        } catch (Exception e) {
            RuntimeException sourceFailure = source.failure(where("put", name));
            throw sourceFailure != null ? sourceFailure : map(e, "put", name);
        }
        return new ObjectInfo(name, source.countBytes(), null);
    }

    @Override
    public final InputStream get(String name) {
        ObjectNames.requireValidName(name);
        return read("get", name, () -> getObject(name));
    }

    @Override
    public final InputStream get(String name, long offsetBytes, long lengthBytes) {
        ObjectNames.requireValidRange(name, offsetBytes, lengthBytes);
        if (lengthBytes == 0) {
            stat(name); // the object must still exist
            return InputStream.nullInputStream();
        }
        return read("get range", name, () -> getRange(name, offsetBytes, lengthBytes));
    }

    @Override
    public final ObjectInfo stat(String name) {
        ObjectNames.requireValidName(name);
        try {
            return present("stat", name, idempotent("stat", name, () -> statObject(name)));
        } catch (ObjectNotFoundException e) {
            if (ambiguousNotFound() != AmbiguousNotFound.NEVER) {
                requireContainer("stat", name);
            }
            throw e;
        }
    }

    /** One request when the adapter has {@link #headObject}, else the {@link ObjectStore#head default}. */
    @Override
    public final fr.coffre.store.ObjectHead head(String name, int maxBytes) {
        ObjectNames.requireValidName(name);
        if (maxBytes <= 0 || !hasHeadObject()) {
            return ObjectStore.super.head(name, maxBytes);
        }
        try {
            return present("stat", name, idempotent("stat", name, () -> headObject(name, maxBytes)));
        } catch (ObjectNotFoundException e) {
            if (ambiguousNotFound() == AmbiguousNotFound.EVERYWHERE) {   // a read: its not-found says which
                requireContainer("stat", name);
            }
            throw e;
        }
    }

    /** One read request ({@link #head} of one byte) when the adapter has {@link #headObject}, else a stat. */
    @Override
    public final boolean exists(String name) {
        if (!hasHeadObject()) {
            return ObjectStore.super.exists(name);
        }
        try {
            head(name, 1);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /**
     * Whether {@link #headObject} answers stat and the first bytes in one request; default false. Its not-found must
     * tell a missing object from a missing container as a {@link #getObject} does (a GET's error body does).
     */
    protected boolean hasHeadObject() {
        return false;
    }

    /** Stat and the first {@code maxBytes} bytes in one request (only called when {@link #hasHeadObject}). */
    protected fr.coffre.store.ObjectHead headObject(String name, int maxBytes) throws Exception {
        throw new UnsupportedOperationException("headObject");
    }

    /**
     * One server-side request when the adapter has {@link #copyObject} and it accepts the object, else the
     * {@link ObjectStore#copy default} (streamed).
     */
    @Override
    public final void copy(String source, String target) {
        ObjectNames.requireValidName(source);
        ObjectNames.requireValidName(target);
        if (hasCopyObject() && !source.equals(target)) {
            try {
                if (idempotent("copy", source, () -> copyObject(source, target))) {
                    return;
                }
            } catch (ObjectNotFoundException e) {
                if (ambiguousNotFound() != AmbiguousNotFound.NEVER) {
                    requireContainer("copy", source);
                }
                throw e;
            }
        }
        ObjectStore.super.copy(source, target);
    }

    /** Whether {@link #copyObject} copies server-side; default false. */
    protected boolean hasCopyObject() {
        return false;
    }

    /**
     * Copies server-side (only called when {@link #hasCopyObject}); false if the provider refuses this object (too
     * large for one request), which is then streamed. A missing source fails like {@link #statObject}.
     */
    protected boolean copyObject(String source, String target) throws Exception {
        throw new UnsupportedOperationException("copyObject");
    }

    @Override
    public final ListPage list(String prefix, String pageToken, int maxResults) {
        ObjectNames.requireValidListing(prefix, pageToken, maxResults, maxPageTokenChars());
        ListPage page = idempotent("list", null, () -> {
            String marker = pageToken;
            List<ObjectInfo> objects = new ArrayList<>();
            do {
                Page raw = listPage(prefix, marker, maxResults);
                for (ObjectInfo o : raw.objects()) {
                    if (!ObjectNames.isReserved(o.name()) && !isHidden(o.name())) {
                        objects.add(o);
                    }
                }
                marker = raw.nextMarker();
            } while (objects.isEmpty() && marker != null); // a page of only hidden names is skipped
            return new ListPage(objects, Optional.ofNullable(marker));
        });
        if (page.objects().isEmpty() && pageToken == null && ambiguousNotFound() == AmbiguousNotFound.EVERYWHERE) {
            requireContainer("list", null);
        }
        return page;
    }

    @Override
    public final void delete(String name) {
        ObjectNames.requireValidName(name);
        if (ambiguousNotFound() == AmbiguousNotFound.EVERYWHERE) {
            requireContainer("delete", name);
        }
        try {
            idempotent("delete", name, () -> {
                deleteObject(name);
                return null;
            });
        } catch (ObjectNotFoundException e) {
            // deleting a missing object is not an error
        }
    }

    // ---------------------------------------------------------------- leftovers (cleanup)

    /**
     * Hook: the leftovers of killed or failed writers at least {@code olderThan} old, their ages taken at
     * {@code now} ({@link Leftover#age}); default none (stores that cannot have any). Run under the retrier.
     */
    protected List<Leftover> findLeftovers(Duration olderThan, Instant now) throws Exception {
        return List.of();
    }

    /**
     * Hook: removes one leftover {@link #findLeftovers} returned (gone already: not an error); default refuses it.
     * Run under the retrier, so it must be idempotent.
     */
    protected void removeLeftover(Leftover leftover) throws Exception {
        ObjectStore.super.reclaim(leftover);
    }

    @Override
    public final List<Leftover> leftovers(Duration olderThan) {
        ObjectStore.super.leftovers(olderThan); // validates
        return List.copyOf(idempotent("list leftovers", null, () -> findLeftovers(olderThan, Instant.now())));
    }

    @Override
    public final void reclaim(Leftover leftover) {
        if (leftover == null) {
            throw new InvalidInputException("leftover: must be non-null");
        }
        idempotent("reclaim " + leftover.kind(), null, () -> {
            removeLeftover(leftover);
            return null;
        });
    }

    // ---------------------------------------------------------------- for adapters

    protected final StoreErrors errors() {
        return errors;
    }

    protected final Retrier retrier() {
        return retrier;
    }

    /** {@link StoreErrors#where}. */
    protected final String where(String operation, String name) {
        return errors.where(operation, name);
    }

    /** Runs {@code call} once (e.g. one request of an upload), its failure mapped to a typed exception. */
    protected final <T> T call(String operation, String name, ProviderCall<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw map(e, operation, name);
        }
    }

    /** Runs {@code call} under the retrier, each attempt's failure mapped (transient ones are retried). */
    protected final <T> T idempotent(String operation, String name, ProviderCall<T> call) {
        return retrier.call(where(operation, name), () -> call(operation, name, call));
    }

    /** Throws {@link fr.coffre.store.ContainerNotFoundException} if the container does not exist. */
    protected final void requireContainer(String operation, String name) {
        if (!idempotent(operation, name, this::containerExists)) {
            throw errors.containerNotFound(where(operation, name), "", null);
        }
    }

    private InputStream read(String operation, String name, ProviderCall<InputStream> open) {
        try {
            return present(operation, name, idempotent(operation, name, open));
        } catch (ObjectNotFoundException e) {
            if (ambiguousNotFound() == AmbiguousNotFound.EVERYWHERE) {
                requireContainer(operation, name);
            }
            throw e;
        }
    }

    private <T> T present(String operation, String name, T result) {
        if (result == null) {
            throw errors.objectNotFound(where(operation, name), "", null);
        }
        return result;
    }

    private RuntimeException map(Exception e, String operation, String name) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return e instanceof CoffreException ce ? ce : mapError(e, operation, name);
    }
}
