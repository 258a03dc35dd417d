package fr.coffre.core;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import java.util.List;
import java.util.function.Function;

/**
 * Where a logical name lives in the store: under its padded encrypted name, or (objects written before name padding,
 * while {@code legacy} is on) under its legacy encrypted name. Reads fall back to the legacy name only when the padded
 * one is absent; deletes and puts remove the legacy copy; prefixed listings page through both store prefixes.
 */
final class StoreNames {
    private final ObjectStore store;
    private final NameCipher names;
    private final boolean legacyAllowed;
    private final VaultMarker marker;

    /**
     * Legacy names are looked for while {@code legacyAllowed} and the vault marker does not record a store written
     * padded from its first object ({@link VaultMarker#paddedNamesOnly}; the marker is checked before any access).
     */
    StoreNames(ObjectStore store, NameCipher names, boolean legacyAllowed, VaultMarker marker) {
        this.store = store;
        this.names = names;
        this.legacyAllowed = legacyAllowed;
        this.marker = marker;
    }

    private boolean legacy() {
        return legacyAllowed && !marker.paddedNamesOnly();
    }

    NameCipher cipher() {
        return names;
    }

    /** {@code op} on the object's padded store name, or on its legacy one if only that exists. */
    <T> T read(String name, Function<String, T> op) {
        String padded = names.storeName(name);
        try {
            return op.apply(padded);
        } catch (ObjectNotFoundException absent) {
            if (!legacy()) {
                throw absent;
            }
            try {
                return op.apply(names.storeName(name, NameCipher.Form.LEGACY));
            } catch (ObjectNotFoundException alsoAbsent) {
                throw absent;
            }
        }
    }

    boolean exists(String name) {
        return store.exists(names.storeName(name))
                || legacy() && store.exists(names.storeName(name, NameCipher.Form.LEGACY));
    }

    /** Deletes both forms (a missing object is not an error). */
    void delete(String name) {
        store.delete(names.storeName(name));
        removeLegacy(name);
    }

    /** After a put under the padded name: the legacy copy, if any, is an older version of the object. */
    void removeLegacy(String name) {
        if (legacy()) {
            store.delete(names.storeName(name, NameCipher.Form.LEGACY));
        }
    }

    /**
     * One store page under the prefixes of {@code prefix}. With two store prefixes the token is {@code "<i>:"} plus
     * the store's token, {@code i} the prefix being paged (0 padded, 1 legacy); with one it is the store's token.
     */
    Page list(String prefix, String pageToken, int maxResults) {
        List<String> prefixes = names.storePrefixes(prefix);
        if (!legacy() || prefixes.size() == 1) {
            ListPage page = store.list(prefixes.get(0), pageToken, maxResults);
            return new Page(page, page.nextToken().orElse(null));
        }
        int phase = 0;
        String token = pageToken;
        if (pageToken != null) {
            if (pageToken.length() < 2 || pageToken.charAt(1) != ':' || "01".indexOf(pageToken.charAt(0)) < 0) {
                throw new InvalidInputException("pageToken: not a token this listing returned");
            }
            phase = pageToken.charAt(0) - '0';
            token = pageToken.length() == 2 ? null : pageToken.substring(2);
        }
        ListPage page = store.list(prefixes.get(phase), token, maxResults);
        String next = page.nextToken().isPresent() ? phase + ":" + page.nextToken().get() : phase == 0 ? "1:" : null;
        return new Page(page, next);
    }

    record Page(ListPage store, String nextToken) {
    }
}
