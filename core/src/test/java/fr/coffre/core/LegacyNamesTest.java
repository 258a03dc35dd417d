package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Objects stored under names encrypted before padding (legacy form) keep working beside padded ones. */
class LegacyNamesTest extends CoffreFixture {
    @Override
    protected ObjectStore openStore(Path dir) {
        return ObjectStores.memory();
    }

    /**
     * The store of a vault written before padding: its marker (written by a later Coffre to a store already holding
     * objects) has no "names padded" line, so legacy names are looked for.
     */
    @org.junit.jupiter.api.BeforeEach
    void aStoreWrittenBeforePadding() {
        byte[] marker = VaultMarker.content(registry.registryId());
        store.put(Coffre.VAULT_MARKER, new java.io.ByteArrayInputStream(marker), marker.length);
    }

    private NameCipher cipher() {
        return new NameCipher(registry.nameCipher(), "vault-a");
    }

    /** Writes {@code name} as an older Coffre did: same object bytes, legacy store name. */
    private String putLegacy(String name, byte[] data) {
        String padded = put(name, data).storeName();
        String legacy = cipher().storeName(name, NameCipher.Form.LEGACY);
        copyBytes(store, padded, legacy);
        store.delete(padded);
        return legacy;
    }

    @Nested
    class Read {
        @Test
        void aLegacyNamedObjectReadsStatsAndExists() throws IOException {
            String legacy = putLegacy("old/rec-1", new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, read("old/rec-1"));
            assertEquals(legacy, coffre.stat("old/rec-1").storeName());
            assertTrue(coffre.exists("old/rec-1"));
            assertEquals(legacy, coffre.authenticate(legacy).storeName());
            try (fr.coffre.crypto.DecryptedObject range = coffre.get("old/rec-1", 1, 1)) {
                assertArrayEquals(new byte[] {2}, range.readAllBytes());
            }
        }

        @Test
        void withLegacyNamesOffOnlyPaddedNamesAreSeen() {
            putLegacy("old/rec-1", new byte[] {1});
            try (Coffre strict = Coffre.builder().store(store).keyRegistry(registry).vaultId("vault-a")
                    .legacyNames(false).build()) {
                assertThrows(ObjectNotFoundException.class, () -> strict.get("old/rec-1"));
                assertFalse(strict.exists("old/rec-1"));
                assertEquals(List.of(), strict.list("old/").toList());
                assertEquals(List.of("old/rec-1"), strict.list("").toList(), "an unprefixed listing decodes both");
            }
        }
    }

    @Nested
    class Write {
        @Test
        void overwritingALegacyObjectRemovesItsLegacyCopy() throws IOException {
            String legacy = putLegacy("old/rec-1", new byte[] {1});
            put("old/rec-1", new byte[] {9});
            assertFalse(store.exists(legacy));
            assertArrayEquals(new byte[] {9}, read("old/rec-1"));
            assertEquals(List.of("old/rec-1"), coffre.list("old/").toList());
        }

        @Test
        void deleteRemovesBothForms() {
            String legacy = putLegacy("old/rec-1", new byte[] {1});
            coffre.delete("old/rec-1");
            assertFalse(store.exists(legacy));
            assertFalse(coffre.exists("old/rec-1"));
        }
    }

    @Nested
    class Listing {
        @Test
        void prefixListingsPageThroughPaddedThenLegacyNames() {
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < 7; i++) {
                putLegacy("mix/legacy-" + i, new byte[] {1});
                put("mix/padded-" + i, new byte[] {2});
                expected.add("mix/legacy-" + i);
                expected.add("mix/padded-" + i);
            }
            put("other/x", new byte[] {3});
            assertEquals(expected, coffre.list("mix/").collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(Set.of("mix/legacy-3"), coffre.list("mix/legacy-3").collect(Collectors.toSet()));
            List<String> paged = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                NamePage page = coffre.list("mix/", token, 3);
                paged.addAll(page.names());
                token = page.nextToken().orElse(null);
                pages++;
            } while (token != null);
            assertEquals(expected, new TreeSet<>(paged));
            assertEquals(14, paged.size(), "each name exactly once");
            assertTrue(pages >= 5);
        }

        @Test
        void aForeignTokenIsInvalidInput() {
            assertThrows(InvalidInputException.class, () -> coffre.list("mix/", "x", 3));
        }
    }
}
