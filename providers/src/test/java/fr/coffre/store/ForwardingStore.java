package fr.coffre.store;

import java.io.InputStream;

/** A real store seen through a test wrapper: every operation goes to it; subclasses override what they alter. */
public abstract class ForwardingStore implements ObjectStore {
    protected final ObjectStore delegate;

    protected ForwardingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public StoreDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public void createContainerIfAbsent() {
        delegate.createContainerIfAbsent();
    }

    @Override
    public ObjectInfo put(String name, InputStream data, long lengthBytes) {
        return delegate.put(name, data, lengthBytes);
    }

    @Override
    public InputStream get(String name) {
        return delegate.get(name);
    }

    @Override
    public InputStream get(String name, long offsetBytes, long lengthBytes) {
        return delegate.get(name, offsetBytes, lengthBytes);
    }

    @Override
    public ObjectInfo stat(String name) {
        return delegate.stat(name);
    }

    @Override
    public ListPage list(String prefix, String pageToken, int maxResults) {
        return delegate.list(prefix, pageToken, maxResults);
    }

    @Override
    public void delete(String name) {
        delegate.delete(name);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
