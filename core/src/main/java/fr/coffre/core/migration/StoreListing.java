package fr.coffre.core.migration;

import fr.coffre.core.Coffre;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every object of a store, page by page (one page of 1,000 in memory), in the lexicographic order the
 * {@link ObjectStore#list} contract promises (store names are ASCII, so every adapter's byte order is
 * {@link String#compareTo} order). The order is checked: merging listings depends on it. The vault marker
 * ({@link Coffre#VAULT_MARKER}) is not listed: {@link Migration} carries it on its own, before any object.
 */
final class StoreListing implements Iterator<ObjectInfo> {
    static final int PAGE = 1000;
    private final ObjectStore store;
    private final String prefix;
    private Iterator<ObjectInfo> page = List.<ObjectInfo>of().iterator();
    private String token;
    private boolean last;
    private String previous;

    StoreListing(ObjectStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && !last) {
            ListPage p = store.list(prefix, token, PAGE);
            page = p.objects().stream().filter(o -> !o.name().equals(Coffre.VAULT_MARKER)).iterator();
            token = p.nextToken().orElse(null);
            last = token == null;
        }
        return page.hasNext();
    }

    @Override
    public ObjectInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ObjectInfo o = page.next();
        if (previous != null && previous.compareTo(o.name()) >= 0) {
            throw new StoreException("list: " + store.descriptor() + " listed " + o.name() + " after " + previous
                    + " (not in strictly increasing order): cannot merge listings");
        }
        previous = o.name();
        return o;
    }
}
