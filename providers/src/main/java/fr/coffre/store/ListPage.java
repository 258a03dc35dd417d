package fr.coffre.store;

import java.util.List;
import java.util.Optional;

/** One page of a listing, in lexicographic order of names, and the token of the next page if any. */
public record ListPage(List<ObjectInfo> objects, Optional<String> nextToken) {
    public ListPage {
        objects = List.copyOf(objects);
        if (nextToken == null) {
            nextToken = Optional.empty();
        }
    }
}
