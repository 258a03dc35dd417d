package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: 100 objects of one subject and 100 objects of 100 subjects, same names and sizes
 * otherwise. Nothing the store holds — header bytes, key references, names, sizes — separates the two sets.
 */
class StoreCannotGroupBySubjectTest extends CoffreFixture {
    private static final int N = 100;
    private final List<String> oneSubject = new ArrayList<>();
    private final List<String> manySubjects = new ArrayList<>();

    @Override
    protected ObjectStore openStore(Path dir) {
        return ObjectStores.memory();
    }

    @BeforeEach
    void writeBothSets() {
        for (int i = 0; i < N; i++) {
            byte[] record = GeneratedData.bytes(i, 0, 100 + (i * 37) % 900);
            oneSubject.add(put("records/rec-" + i, record, subject("patient-0")).storeName());
            manySubjects.add(put("records/rec-" + (N + i), record, subject("patient-" + (1 + i))).storeName());
        }
    }

    private Cof1Header header(String storeName) {
        return Cof1.readHeader(store.get(storeName));
    }

    private byte[] headerBytes(String storeName) {
        return header(storeName).encoded();
    }

    private static <T> Map<T, Long> histogram(List<String> set, Function<String, T> feature) {
        return set.stream().collect(Collectors.groupingBy(feature, TreeMap::new, Collectors.counting()));
    }

    @Nested
    class Headers {
        @Test
        void keyReferencesAreAllDistinctAndOfOneShape() {
            Set<String> ids = new HashSet<>();
            for (String name : concat()) {
                fr.coffre.KeyRef ref = header(name).keyRef();
                assertEquals(KeyRefBlinding.SCHEME, ref.scheme());
                assertEquals(KeyRefBlinding.KEY_ID_CHARS, ref.keyId().length());
                assertEquals(1, ref.version());
                ids.add(ref.keyId());
            }
            assertEquals(2 * N, ids.size(), "no key-reference bytes repeat across objects");
            assertEquals(Set.of(coffre.stat("records/rec-0").dataKey()),
                    oneSubject.stream().map(n -> registry.dataKeyRef(header(n))).collect(Collectors.toSet()),
                    "yet the registry resolves every one-subject object to the same data key");
        }

        @Test
        void everyHeaderPositionIsConstantForAllOrVariesAsMuchInBothSets() {
            int length = headerBytes(oneSubject.get(0)).length;
            for (String name : concat()) {
                assertEquals(length, headerBytes(name).length, "every header has the same length");
            }
            int varying = 0;
            for (int pos = 0; pos < length; pos++) {
                int at = pos;
                Set<Byte> a = oneSubject.stream().map(n -> headerBytes(n)[at]).collect(Collectors.toSet());
                Set<Byte> b = manySubjects.stream().map(n -> headerBytes(n)[at]).collect(Collectors.toSet());
                if (a.size() == 1 && a.equals(b)) {
                    continue;
                }
                varying++;
                // random bytes: ~82 distinct values in 100 draws; base32 characters: ~31. A per-subject constant: 1.
                assertTrue(a.size() >= 20 && b.size() >= 20, "header byte " + pos + " takes " + a.size()
                        + " values for one subject and " + b.size() + " for many");
            }
            assertEquals(32 + 7 + KeyRefBlinding.KEY_ID_CHARS + 32, varying,
                    "exactly salt, nonce prefix, key id and commitment vary");
        }
    }

    @Nested
    class NamesAndSizes {
        @Test
        void storeNamesHaveOneParentAndOneLengthInBothSets() {
            assertEquals(histogram(oneSubject, String::length), histogram(manySubjects, String::length));
            assertEquals(1, histogram(concat(), String::length).size(), "every name pads to the same length");
            Set<String> parents = concat().stream().map(n -> n.split("/")[0]).collect(Collectors.toSet());
            assertEquals(1, parents.size());
            assertEquals(2 * N, concat().stream().map(n -> n.split("/")[1]).collect(Collectors.toSet()).size());
            assertEquals(2 * N, coffre.list("records/").count(), "names still round-trip through listing");
        }

        @Test
        void storedSizesFollowThePlaintextNotTheSubject() {
            assertEquals(histogram(oneSubject, this::size), histogram(manySubjects, this::size));
        }

        private long size(String storeName) {
            return store.stat(storeName).sizeBytes();
        }
    }

    @Nested
    class ProviderView {
        @Test
        void theStoreListsNothingButOpaqueNamesSizesAndTimes() {
            Map<String, ObjectInfo> listed = new TreeMap<>();
            String token = null;
            do {
                ListPage page = store.list("", token, 1000);
                page.objects().stream().filter(o -> !o.name().equals(Coffre.VAULT_MARKER))
                        .forEach(o -> listed.put(o.name(), o));
                token = page.nextToken().orElse(null);
            } while (token != null);
            assertEquals(new TreeMap<>(concat().stream().collect(Collectors.toMap(n -> n, n -> n))).keySet(),
                    listed.keySet());
            for (ObjectInfo o : listed.values()) {
                assertTrue(o.name().matches("[a-z2-7]+/[a-z2-7]+"), "opaque name");
            }
            // besides the objects, only the vault marker: a fixed name and a registry fingerprint, the same for
            // every store of the registry (nothing about subjects)
            String names = "names padded\n";
            assertEquals(new String(VaultMarker.content(registry.registryId()), StandardCharsets.US_ASCII) + names,
                    new String(readAll(store.get(Coffre.VAULT_MARKER)), StandardCharsets.US_ASCII));
        }
    }

    private List<String> concat() {
        List<String> all = new ArrayList<>(oneSubject);
        all.addAll(manySubjects);
        return all;
    }
}
