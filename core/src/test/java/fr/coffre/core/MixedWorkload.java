package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;

import fr.coffre.KeyDestroyedException;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * One thread's share of a concurrency run on a shared {@link Coffre}: a seeded random mix of put, get, ranged get,
 * list, stat, delete and shred on names under its own prefix, each result checked against this thread's model of
 * what it wrote (exact bytes, {@link KeyDestroyedException} once shredded, {@link ObjectNotFoundException} once
 * deleted). {@link #verify} checks the model once more after the run: no lost write, no corrupt object.
 */
final class MixedWorkload implements Callable<Void> {
    /** What the model expects of one name: its data's seed and length, and whether its subject was shredded. */
    private record Entry(long seed, int length, String subject, boolean shredded) {
    }

    private final Coffre coffre;
    private final String prefix;
    private final int operations;
    private final int segment;
    private final Random random;
    private final Map<String, Entry> model = new TreeMap<>();
    private int generation;

    MixedWorkload(Coffre coffre, int thread, int operations, int segment, long seed) {
        this.coffre = coffre;
        this.prefix = "w" + thread + "/";
        this.operations = operations;
        this.segment = segment;
        this.random = new Random(seed);
    }

    private String subject() {
        return prefix.replace("/", "") + "-g" + generation;
    }

    @Override
    public Void call() throws IOException {
        for (int i = 0; i < operations; i++) {
            int dice = random.nextInt(100);
            String name = prefix + "n" + random.nextInt(12);
            if (dice < 30) {
                put(name);
            } else if (dice < 55) {
                get(name);
            } else if (dice < 70) {
                getRange(name);
            } else if (dice < 80) {
                assertEquals(present(), new TreeSet<>(coffre.list(prefix).collect(Collectors.toSet())), "list");
            } else if (dice < 85) {
                assertEquals(model.containsKey(name), coffre.exists(name), "exists " + name);
            } else if (dice < 95) {
                coffre.delete(name);
                model.remove(name);
                assertFalse(coffre.exists(name), "deleted " + name);
            } else {
                shred();
            }
        }
        return null;
    }

    private TreeSet<String> present() {
        return new TreeSet<>(model.keySet());
    }

    private void put(String name) {
        long seed = random.nextLong();
        int length = random.nextInt(5 * segment + 100);
        coffre.put(name, GeneratedData.stream(seed, length), PutOptions.builder().subject(subject()).build());
        model.put(name, new Entry(seed, length, subject(), false));
    }

    private void get(String name) throws IOException {
        Entry e = model.get(name);
        if (e == null) {
            assertThrowsExactly(ObjectNotFoundException.class, () -> coffre.get(name));
        } else if (e.shredded()) {
            assertThrowsExactly(KeyDestroyedException.class, () -> coffre.get(name));
        } else {
            assertArrayEquals(GeneratedData.bytes(e.seed(), 0, e.length()), read(coffre.get(name)), name);
        }
    }

    private void getRange(String name) throws IOException {
        Entry e = model.get(name);
        if (e == null || e.shredded() || e.length() == 0) {
            get(name);
            return;
        }
        int offset = random.nextInt(e.length());
        int length = 1 + random.nextInt(2 * segment);
        byte[] expected = Arrays.copyOfRange(GeneratedData.bytes(e.seed(), 0, e.length()), offset,
                Math.min(e.length(), offset + length));
        assertArrayEquals(expected, read(coffre.get(name, offset, length)), name + " range " + offset);
    }

    private void shred() {
        boolean used = model.values().stream().anyMatch(e -> e.subject().equals(subject()));
        int destroyed = coffre.shred(subject());
        if (used) {
            assertEquals(1, destroyed, "data keys destroyed for a subject in use");
        }
        model.replaceAll((n, e) -> e.subject().equals(subject()) ? new Entry(e.seed(), e.length(), e.subject(),
                true) : e);
        generation++;
    }

    private static byte[] read(DecryptedObject o) throws IOException {
        try (o) {
            return o.readAllBytes();
        }
    }

    /** After the run: every name the model holds reads as expected through {@code on}; returns them. */
    List<String> verify(Coffre on) {
        List<String> names = new ArrayList<>(model.keySet());
        for (Map.Entry<String, Entry> m : model.entrySet()) {
            Entry e = m.getValue();
            if (e.shredded()) {
                assertThrowsExactly(KeyDestroyedException.class, () -> on.get(m.getKey()), m.getKey());
            } else {
                try {
                    assertArrayEquals(GeneratedData.bytes(e.seed(), 0, e.length()), read(on.get(m.getKey())),
                            "lost or corrupt: " + m.getKey());
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }
        }
        return names;
    }
}
