package fr.coffre.store.jclouds;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A {@link BlobStoreContext} whose {@link BlobStore} is obtained from the real context on its first use rather than
 * when asked for. Region-scoped providers (OpenStack Swift) authenticate to learn their regions when the blob store
 * is created; deferring that lets a store be opened offline and report authentication failures as the typed errors
 * of the operation that needed them. A failed creation is retried on the next call.
 */
final class LazyBlobStoreContext {

    private LazyBlobStoreContext() {
    }

    static BlobStoreContext of(BlobStoreContext real) {
        return of(real, BlobStoreContext::getBlobStore);
    }

    /** @param create obtains the blob store from the real context on first use (e.g. the one of a chosen region) */
    static BlobStoreContext of(BlobStoreContext real, Function<BlobStoreContext, BlobStore> create) {
        BlobStore lazyStore = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class}, new LazyStore(real, create));
        return (BlobStoreContext) Proxy.newProxyInstance(BlobStoreContext.class.getClassLoader(),
                new Class<?>[] {BlobStoreContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBlobStore") && (args == null || args.length == 0)) {
                        return lazyStore;
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class LazyStore implements InvocationHandler {
        private final BlobStoreContext real;
        private final Function<BlobStoreContext, BlobStore> create;
        private volatile BlobStore store;

        LazyStore(BlobStoreContext real, Function<BlobStoreContext, BlobStore> create) {
            this.real = real;
            this.create = create;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "lazy blob store" : invokeOnObject(proxy, method, args);
            }
            BlobStore s = store;
            if (s == null) {
                synchronized (this) {
                    s = store;
                    if (s == null) {
                        s = create.apply(real);
                        store = s;
                    }
                }
            }
            return LazyBlobStoreContext.invoke(s, method, args);
        }

        private static Object invokeOnObject(Object proxy, Method method, Object[] args) {
            return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> null;
            };
        }
    }
}
