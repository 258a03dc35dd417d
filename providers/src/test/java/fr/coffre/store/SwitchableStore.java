package fr.coffre.store;

import java.io.InputStream;

/**
 * A test wrapper around a real store that can be switched "down": every operation then throws
 * {@link StoreUnavailableException} without touching the store, as a replica that cannot be reached would.
 */
public final class SwitchableStore implements ObjectStore {
    private final ObjectStore store;
    private volatile boolean down;

    public SwitchableStore(ObjectStore store) {
        this.store = store;
    }

    public SwitchableStore down(boolean v) {
        down = v;
        return this;
    }

    /** The real store, reachable whatever the switch says. */
    public ObjectStore store() {
        return store;
    }

    private void check() {
        if (down) {
            throw new StoreUnavailableException("replica " + store.descriptor() + " is down (test)");
        }
    }

    @Override
    public StoreDescriptor descriptor() {
        return store.descriptor();
    }

    @Override
    public void createContainerIfAbsent() {
        check();
        store.createContainerIfAbsent();
    }

    @Override
    public ObjectInfo put(String name, InputStream data, long lengthBytes) {
        check();
        return store.put(name, data, lengthBytes);
    }

    @Override
    public InputStream get(String name) {
        check();
        return store.get(name);
    }

    @Override
    public InputStream get(String name, long offsetBytes, long lengthBytes) {
        check();
        return store.get(name, offsetBytes, lengthBytes);
    }

    @Override
    public ObjectInfo stat(String name) {
        check();
        return store.stat(name);
    }

    @Override
    public ListPage list(String prefix, String pageToken, int maxResults) {
        check();
        return store.list(prefix, pageToken, maxResults);
    }

    @Override
    public void delete(String name) {
        check();
        store.delete(name);
    }

    @Override
    public void close() {
        store.close();
    }
}
