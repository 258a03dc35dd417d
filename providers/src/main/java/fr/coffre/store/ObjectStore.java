package fr.coffre.store;

import java.io.InputStream;

/**
 * Provider-neutral SPI over one bucket/container of an object store. Everything streams: no
 * implementation may buffer a whole object in memory.
 *
 * <h2>Names</h2>
 * Names are opaque ASCII strings matching {@code [A-Za-z0-9/._=-]{1,1024}} (Coffre gives stores only encrypted,
 * encoded names). Implementations reject other names with {@link fr.coffre.InvalidInputException}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #put} is atomic from a reader's point of view: a failed or interrupted put leaves either the
 *       previous object or nothing, never a partial object (multipart uploads are aborted).</li>
 *   <li>No provider metadata is attached to objects: everything Coffre knows is inside the encrypted bytes.</li>
 *   <li>Transient failures (5xx, throttling, connection resets) are retried a bounded number of times with
 *       exponential backoff and jitter, then surface as {@link StoreUnavailableException}.</li>
 *   <li>Errors are typed ({@link ObjectNotFoundException}, {@link ContainerNotFoundException},
 *       {@link AccessDeniedException}, {@link StoreUnavailableException}) and never contain credentials.</li>
 *   <li>Implementations are thread-safe.</li>
 * </ul>
 */
public interface ObjectStore extends AutoCloseable {

    /** Provider, endpoint, container and location labels; never credentials. */
    StoreDescriptor descriptor();

    /** Creates the bucket/container if it does not exist yet. */
    void createContainerIfAbsent();

    /**
     * Stores {@code data} under {@code name}, replacing any previous object.
     *
     * @param lengthBytes the exact length, or {@code -1} when unknown (the adapter then streams in bounded parts)
     */
    ObjectInfo put(String name, InputStream data, long lengthBytes);

    /** Streams the whole object. The caller closes the stream. */
    InputStream get(String name);

    /**
     * Streams {@code lengthBytes} bytes starting at {@code offsetBytes} (fewer if the object ends first); only that
     * range is transferred from the store.
     */
    InputStream get(String name, long offsetBytes, long lengthBytes);

    /** @throws ObjectNotFoundException if absent */
    ObjectInfo stat(String name);

    /** Whether an object exists under {@code name}. */
    default boolean exists(String name) {
        try {
            stat(name);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /**
     * One page of the objects whose names start with {@code prefix}, in lexicographic order.
     *
     * @param pageToken {@code null} for the first page, else {@link ListPage#nextToken()} of the previous page
     * @param maxResults page size, 1 to 1000
     */
    ListPage list(String prefix, String pageToken, int maxResults);

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String name);

    @Override
    void close();
}
