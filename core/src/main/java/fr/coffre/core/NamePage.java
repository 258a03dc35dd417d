package fr.coffre.core;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing: decrypted logical names (in the store's order of opaque names, not alphabetical),
 * the token of the next page if any, and how many store names in this page were not this vault's (foreign or
 * tampered names, skipped). A page may hold fewer names than asked, even none, while {@code nextToken} is present.
 */
public record NamePage(List<String> names, Optional<String> nextToken, int skippedForeignNames) {
    public NamePage {
        names = List.copyOf(names);
    }

    @Override
    public String toString() {
        return "NamePage[" + names.size() + " names (redacted), more=" + nextToken.isPresent() + ", skipped="
                + skippedForeignNames + "]";
    }
}
