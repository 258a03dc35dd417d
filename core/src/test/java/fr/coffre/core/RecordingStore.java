package fr.coffre.core;

import fr.coffre.store.ForwardingStore;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real store seen through a counter of get requests and of the bytes those requests delivered, and the list of
 * the operations asked of it (put, get, stat, list, delete; the interface's defaults are made of those).
 */
final class RecordingStore extends ForwardingStore {
    final AtomicInteger gets = new AtomicInteger();
    final AtomicLong bytesDelivered = new AtomicLong();
    private final java.util.List<String> operations =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** The operations asked so far, in order. */
    java.util.List<String> operations() {
        synchronized (operations) {
            return java.util.List.copyOf(operations);
        }
    }

    void clear() {
        operations.clear();
    }

    RecordingStore(ObjectStore delegate) {
        super(delegate);
    }

    private InputStream counted(InputStream in) {
        gets.incrementAndGet();
        operations.add("get");
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesDelivered.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesDelivered.addAndGet(n);
                }
                return n;
            }
        };
    }

    @Override
    public ObjectInfo put(String name, InputStream data, long lengthBytes) {
        operations.add("put");
        return delegate.put(name, data, lengthBytes);
    }

    @Override
    public InputStream get(String name) {
        return counted(delegate.get(name));
    }

    @Override
    public InputStream get(String name, long offsetBytes, long lengthBytes) {
        return counted(delegate.get(name, offsetBytes, lengthBytes));
    }

    @Override
    public ObjectInfo stat(String name) {
        operations.add("stat");
        return delegate.stat(name);
    }

    @Override
    public ListPage list(String prefix, String pageToken, int maxResults) {
        operations.add("list");
        return delegate.list(prefix, pageToken, maxResults);
    }

    @Override
    public void delete(String name) {
        operations.add("delete");
        delegate.delete(name);
    }

    @Override
    public void close() {
        // the test closes the real store
    }
}
