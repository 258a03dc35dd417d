package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ReplicationListener.Operation;
import fr.coffre.store.jclouds.JcloudsStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replicated store with replicas switched down: quorum met or not, reads failing over, lag reported. */
class ReplicatedObjectStoreTest {
    record Lag(Operation operation, String name, int replica) {
    }

    private final List<SwitchableStore> replicas = new ArrayList<>();
    private final List<Lag> lags = Collections.synchronizedList(new ArrayList<>());
    private ObjectStore store;

    @BeforeEach
    void open() {
        ReplicationSettings.Builder b = ReplicationSettings.builder()
                .listener((op, name, replica, d, failure) -> lags.add(new Lag(op, name, replica)));
        for (int i = 0; i < 3; i++) {
            SwitchableStore r = new SwitchableStore(JcloudsStores.memory("r" + i));
            r.store().createContainerIfAbsent();
            replicas.add(r);
            b.replica(r);
        }
        store = ObjectStores.replicated(b.build());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] data(long seed, int length) {
        return GeneratedData.bytes(seed, 0, length);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private void put(String name, byte[] data) {
        store.put(name, new ByteArrayInputStream(data), data.length);
    }

    @Nested
    class Put {
        @Test
        void withOneReplicaDownTheQuorumIsMetAndTheLagReported() throws IOException {
            replicas.get(1).down(true);
            long length = 3 * 64 * 1024 + 17;
            ObjectInfo info = store.put("a/x", GeneratedData.stream(5, length), -1);
            assertEquals(length, info.sizeBytes());
            assertEquals(List.of(new Lag(Operation.PUT, "a/x", 1)), lags);
            for (int i : new int[] {0, 2}) {
                assertArrayEquals(GeneratedData.sha256(5, length),
                        GeneratedData.sha256(replicas.get(i).store().get("a/x")));
            }
            assertFalse(replicas.get(1).store().exists("a/x"));
        }

        @Test
        void withTwoReplicasDownTheQuorumIsNotMet() {
            replicas.get(0).down(true);
            replicas.get(2).down(true);
            QuorumNotMetException e = assertThrowsExactly(QuorumNotMetException.class, () -> put("a/x", data(1, 99)));
            assertEquals(1, e.succeeded());
            assertEquals(2, e.required());
            assertEquals(3, e.replicas());
            assertTrue(e.getMessage().contains("1 of 3 replicas committed, the write quorum is 2"), e.getMessage());
            assertTrue(replicas.get(1).store().exists("a/x"), "the committed replica keeps it (documented)");
        }

        @Test
        void withEveryReplicaDownItIsUnavailable() {
            replicas.forEach(r -> r.down(true));
            assertThrowsExactly(StoreUnavailableException.class, () -> put("a/x", data(1, 99)));
        }

        @Test
        void aFailingCallerStreamStoresNothingAnywhere() {
            StoreException e = assertThrowsExactly(StoreException.class,
                    () -> store.put("a/f", GeneratedData.failingStream(1, 500_000, 200_000), 500_000));
            assertTrue(e.getCause() instanceof GeneratedData.InjectedFailure, String.valueOf(e.getCause()));
            for (SwitchableStore r : replicas) {
                assertFalse(r.store().exists("a/f"));
            }
        }

        @Test
        void aWrongLengthIsInvalidInputAndStoresNothing() {
            assertThrows(InvalidInputException.class, () -> store.put("a/l", GeneratedData.stream(1, 1000), 999));
            assertThrows(InvalidInputException.class, () -> store.put("a/l", GeneratedData.stream(1, 1000), 1001));
            for (SwitchableStore r : replicas) {
                assertFalse(r.store().exists("a/l"));
            }
        }
    }

    @Nested
    class Reads {
        @ParameterizedTest(name = "replica {0} down")
        @ValueSource(ints = {0, 1, 2})
        void keepWorkingWithAnyOneReplicaDown(int down) throws IOException {
            put("a/x", data(3, 5000));
            put("a/y", data(4, 10));
            replicas.get(down).down(true);
            assertArrayEquals(data(3, 5000), readAll(store.get("a/x")));
            assertArrayEquals(GeneratedData.bytes(3, 100, 50), readAll(store.get("a/x", 100, 50)));
            assertEquals(5000, store.stat("a/x").sizeBytes());
            assertTrue(store.exists("a/y"));
            assertEquals(List.of("a/x", "a/y"), store.list("a/", null, 10).objects().stream()
                    .map(ObjectInfo::name).toList());
        }

        @Test
        void anObjectMissingOnALaggingReplicaIsReadFromTheNext() throws IOException {
            replicas.get(0).down(true);
            put("a/x", data(3, 100));
            replicas.get(0).down(false);
            lags.clear();
            assertArrayEquals(data(3, 100), readAll(store.get("a/x")));
            assertEquals(1, lags.size());
            assertEquals(new Lag(Operation.READ, "a/x", 0), lags.get(0));
        }

        @Test
        void notFoundOnlyWhenEveryReplicaSaysSo() {
            ObjectNotFoundException e = assertThrowsExactly(ObjectNotFoundException.class, () -> store.stat("a/m"));
            assertTrue(e.getMessage().contains("a/m"), e.getMessage());
            replicas.get(2).down(true);
            assertThrowsExactly(StoreUnavailableException.class, () -> store.stat("a/m"),
                    "the object may be on the replica that did not answer");
        }

        @Test
        void listingIsTheUnionOfTheReplicasInOrderEachNameOnce() {
            put("a/b", data(1, 10));
            replicas.get(0).down(true);
            put("a/a", data(2, 20));                      // not on replica 0
            replicas.get(0).down(false);
            replicas.get(1).down(true);
            put("a/c", data(3, 30));                      // not on replica 1
            replicas.get(1).down(false);
            replicas.get(2).down(true);
            put("a/d", data(4, 40));                      // not on replica 2
            replicas.get(2).down(false);
            for (int page = 1; page <= 5; page++) {
                assertEquals(List.of("a/a", "a/b", "a/c", "a/d"), names(store, "a/", page), "page size " + page);
            }
            assertEquals(List.of(10L, 20L, 30L, 40L), listAll(store, "a/", 3).stream()
                    .sorted(java.util.Comparator.comparing(ObjectInfo::name)).map(ObjectInfo::sizeBytes)
                    .sorted().toList());
        }

        @Test
        void aReplicaMissingManyObjectsStillListsEveryObjectAcrossPages() {
            java.util.Random r = new java.util.Random(5);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int down = r.nextInt(4);                  // 3: every replica up
                if (down < 3) {
                    replicas.get(down).down(true);
                }
                String name = String.format("a/%03d", i);
                put(name, data(i, 3));
                expected.add(name);
                if (down < 3) {
                    replicas.get(down).down(false);
                }
            }
            for (int pageSize : List.of(1, 4, 7, 1000)) {
                assertEquals(expected, names(store, "a/", pageSize), "page size " + pageSize);
            }
        }

        @Test
        void withAReplicaDownTheOthersUnionIsListedAndTheFailureReported() {
            for (int i = 0; i < 5; i++) {
                put("a/" + i, data(i, 10));
            }
            replicas.get(0).down(true);
            lags.clear();
            assertEquals(List.of("a/0", "a/1", "a/2", "a/3", "a/4"), names(store, "a/", 2));
            assertTrue(lags.contains(new Lag(Operation.READ, null, 0)), lags.toString());
        }

        @Test
        void aReplicaFailingMidListingLeavesItAndTheListingGoesOn() {
            for (int i = 0; i < 6; i++) {
                put("a/" + i, data(i, 10));
            }
            ListPage first = store.list("a/", null, 2);
            replicas.get(1).down(true);
            List<String> rest = new ArrayList<>(first.objects().stream().map(ObjectInfo::name).toList());
            for (String t = first.nextToken().orElseThrow(); t != null; ) {
                ListPage p = store.list("a/", t, 2);
                p.objects().forEach(o -> rest.add(o.name()));
                t = p.nextToken().orElse(null);
            }
            assertEquals(List.of("a/0", "a/1", "a/2", "a/3", "a/4", "a/5"), rest);
        }

        @Test
        void withEveryReplicaDownTheListingIsUnavailable() {
            replicas.forEach(x -> x.down(true));
            assertThrowsExactly(StoreUnavailableException.class, () -> store.list("a/", null, 10));
        }

        @Test
        void aForeignOrAlteredTokenIsRefused() {
            put("a/0", data(0, 10));
            put("a/1", data(1, 10));
            String token = store.list("a/", null, 1).nextToken().orElseThrow();
            assertThrows(InvalidInputException.class, () -> store.list("a/", "foreign-token", 2));
            assertThrows(InvalidInputException.class, () -> store.list("a/", token + "~s", 2));
            assertThrows(InvalidInputException.class, () -> store.list("a/", token.replace("u~", "u~!"), 2));
        }

        private List<String> names(ObjectStore s, String prefix, int pageSize) {
            return listAll(s, prefix, pageSize).stream().map(ObjectInfo::name).toList();
        }

        private List<ObjectInfo> listAll(ObjectStore s, String prefix, int pageSize) {
            List<ObjectInfo> all = new ArrayList<>();
            String token = null;
            do {
                ListPage p = s.list(prefix, token, pageSize);
                assertTrue(p.objects().size() <= pageSize);
                all.addAll(p.objects());
                token = p.nextToken().orElse(null);
            } while (token != null);
            return all;
        }
    }

    @Nested
    class Delete {
        @Test
        void deletesOnEveryReplicaAndNeedsTheQuorum() {
            put("a/x", data(1, 10));
            replicas.get(1).down(true);
            store.delete("a/x");
            assertFalse(replicas.get(0).store().exists("a/x"));
            assertTrue(replicas.get(1).store().exists("a/x"), "the down replica lags");
            assertEquals(List.of(new Lag(Operation.DELETE, "a/x", 1)), lags);
            replicas.get(2).down(true);
            assertThrowsExactly(QuorumNotMetException.class, () -> store.delete("a/x"));
        }
    }

    @Nested
    class Settings {
        @Test
        void builderFailsFastNamingTheField() {
            ObjectStore a = JcloudsStores.memory("s0");
            InvalidInputException one = assertThrows(InvalidInputException.class,
                    () -> ReplicationSettings.builder().replica(a).build());
            assertTrue(one.getMessage().startsWith("replicas: must be at least 2, was 1"), one.getMessage());
            InvalidInputException same = assertThrows(InvalidInputException.class,
                    () -> ReplicationSettings.builder().replica(a).replica(JcloudsStores.memory("s0")).build());
            assertTrue(same.getMessage().startsWith("replicas: descriptors must be distinct"), same.getMessage());
            ReplicationSettings.Builder two = ReplicationSettings.builder().replica(a)
                    .replica(JcloudsStores.memory("s1"));
            assertTrue(assertThrows(InvalidInputException.class, () -> two.writeQuorum(3).build()).getMessage()
                    .startsWith("writeQuorum: must be 1 to 2"));
            assertTrue(assertThrows(InvalidInputException.class, () -> two.writeQuorum(2).readOrder(0, 0).build())
                    .getMessage().startsWith("readOrder: must be a permutation of 0..1"));
            assertEquals(2, two.readOrder(1, 0).build().writeQuorum());
            assertEquals(List.of(1, 0), two.build().readOrder());
        }

        @Test
        void defaultQuorumIsAMajority() {
            assertEquals(2, ReplicationSettings.builder().replica(JcloudsStores.memory("q0"))
                    .replica(JcloudsStores.memory("q1")).build().writeQuorum());
            assertEquals(2, ReplicationSettings.builder().replica(JcloudsStores.memory("q0"))
                    .replica(JcloudsStores.memory("q1")).replica(JcloudsStores.memory("q2")).build().writeQuorum());
        }
    }

    @Nested
    class Descriptor {
        @Test
        void isACompositeOfTheReplicas() {
            StoreDescriptor d = store.descriptor();
            assertEquals("replicated", d.provider());
            assertEquals("r0+r1+r2", d.container());
            for (SwitchableStore r : replicas) {
                assertTrue(d.endpoint().contains(r.descriptor().toString()), d.endpoint());
            }
            assertNull(d.region());
        }
    }
}
