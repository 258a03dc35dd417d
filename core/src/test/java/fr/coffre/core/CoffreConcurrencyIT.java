package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.TestCustodians;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.TestServers;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads on one {@link Coffre} over Azurite and SoftHSM2 (PKCS#11) custody, data-key cache off so that every
 * operation reaches the HSM: a fixed number of mixed put/get/ranged get/list/exists/delete/shred operations
 * ({@link MixedWorkload}), within a bounded time (a deadlock fails the test). Afterwards every write is there and
 * exact (or shredded), the store holds nothing else, and no thread or file descriptor outlives the closed Coffre.
 *
 * <p>CI runs 8 threads x 40 operations. The soak is the same test, longer:
 * {@code mvn -B -o -pl core -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CoffreConcurrencyIT
 * -Dcoffre.concurrency.threads=16 -Dcoffre.concurrency.opsPerThread=5000 verify}.
 */
class CoffreConcurrencyIT {
    private static final TestServers.Backend BACKEND = TestServers.Backend.AZURE;
    private static final int THREADS = Integer.getInteger("coffre.concurrency.threads", 8);
    private static final int OPS_PER_THREAD = Integer.getInteger("coffre.concurrency.opsPerThread", 40);
    private static final int SEG = 4096;
    private static final int FD_SLACK = 3;

    @TempDir
    Path tmp;
    private final String container = "coffre-soak-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String masterKeyId = "soak-" + Long.toHexString(System.nanoTime());

    @Test
    void mixedOperationsFromManyThreadsLoseNothingAndLeakNothing() throws Exception {
        BACKEND.require();
        run("warm-up", 2, 10); // loads what a first run loads once per JVM (classes, shared client pools)
        ResourceCounts before = ResourceCounts.now();
        Duration bound = Duration.ofSeconds(Math.max(180, (long) THREADS * OPS_PER_THREAD / 10));
        assertTimeoutPreemptively(bound, () -> run("run", THREADS, OPS_PER_THREAD),
                "the run did not finish in " + bound + ": deadlock or livelock");
        ResourceCounts after = ResourceCounts.settleTo(before, FD_SLACK, 15);
        assertEquals(Set.of(), after.newThreads(before), "threads outlived the closed Coffre");
        assertTrue(after.sharedPoolThreads() <= ResourceCounts.SHARED_POOL_CAP, "Reactor's shared pool grew past its"
                + " cap: " + after.sharedPoolThreads());
        assertTrue(after.fileDescriptors() <= before.fileDescriptors() + FD_SLACK, "file descriptors: "
                + before.fileDescriptors() + " before, " + after.fileDescriptors() + " after");
    }

    /** One run in its own vault: opens everything, runs the workloads, verifies, closes everything. */
    private Void run(String vault, int threads, int opsPerThread) throws Exception {
        try (ObjectStore store = BACKEND.open(container);
             KeyCustodian custody = TestCustodians.softHsm();
             KeyRegistry registry = KeyRegistry.builder()
                     .createIfMissing(true).custodian(custody).directory(tmp.resolve(vault))
                     .masterKeyId(masterKeyId + "-" + vault).cacheMaxEntries(0).build();
             Coffre coffre = Coffre.builder().store(store).keyRegistry(registry).vaultId(vault)
                     .segmentSizeBytes(SEG).build()) {
            store.createContainerIfAbsent();
            try {
                List<MixedWorkload> workloads = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workloads.add(new MixedWorkload(coffre, t, opsPerThread, SEG, 1000L * t + opsPerThread));
                }
                runAll(workloads);
                Set<String> expected = new HashSet<>(Set.of(Coffre.VAULT_MARKER)); // written before the first put
                for (MixedWorkload w : workloads) {
                    for (String name : w.verify(coffre)) {
                        expected.add(coffre.storeName(name));
                    }
                }
                assertEquals(expected, storeNames(store), "the store holds exactly what the model wrote");
            } finally {
                emptyContainer(store);
                custody.destroy(masterKeyId + "-" + vault);
            }
        }
        return null;
    }

    private static void runAll(List<MixedWorkload> workloads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workloads.size());
        try {
            for (Future<Void> f : pool.invokeAll(workloads)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "workload threads did not stop");
        }
    }

    private static Set<String> storeNames(ObjectStore store) {
        Set<String> names = new HashSet<>();
        String token = null;
        do {
            var page = store.list("", token, 1000);
            page.objects().stream().map(ObjectInfo::name).forEach(names::add);
            token = page.nextToken().orElse(null);
        } while (token != null);
        return names;
    }

    private static void emptyContainer(ObjectStore store) {
        for (String n : storeNames(store)) {
            store.delete(n);
        }
        store.put("probe", new ByteArrayInputStream(new byte[0]), 0); // container must still answer
        store.delete("probe");
    }
}
