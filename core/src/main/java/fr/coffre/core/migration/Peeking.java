package fr.coffre.core.migration;

import java.util.Iterator;
import java.util.function.Function;

/** A sorted iterator whose head can be looked at, and taken only when it has a given name. */
final class Peeking<T> {
    private final Iterator<T> it;
    private final Function<T, String> name;
    private T head;

    Peeking(Iterator<T> it, Function<T, String> name) {
        this.it = it;
        this.name = name;
        this.head = it.hasNext() ? it.next() : null;
    }

    /** The head's name, or {@code null} at the end. */
    String headName() {
        return head == null ? null : name.apply(head);
    }

    /** The head if it is named {@code n} (and advances), else {@code null}. */
    T take(String n) {
        if (head == null || !name.apply(head).equals(n)) {
            return null;
        }
        T h = head;
        head = it.hasNext() ? it.next() : null;
        return h;
    }

    /** The smallest head name of several, or {@code null} when all are at their end. */
    static String min(Peeking<?>... all) {
        String m = null;
        for (Peeking<?> p : all) {
            String n = p.headName();
            if (n != null && (m == null || n.compareTo(m) < 0)) {
                m = n;
            }
        }
        return m;
    }
}
