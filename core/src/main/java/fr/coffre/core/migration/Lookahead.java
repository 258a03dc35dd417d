package fr.coffre.core.migration;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * An iterator over what {@code advance} returns until it returns {@code null}. The first element is fetched when the
 * iterator is made, each next one when the previous one is taken (so a source is closed as soon as it is drained).
 */
final class Lookahead<T> implements Iterator<T> {
    private final Supplier<T> advance;
    private T next;

    private Lookahead(Supplier<T> advance) {
        this.advance = advance;
        this.next = advance.get();
    }

    static <T> Iterator<T> of(Supplier<T> advance) {
        return new Lookahead<>(advance);
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public T next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        T e = next;
        next = advance.get();
        return e;
    }
}
