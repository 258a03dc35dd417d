package fr.coffre.core.bench;

import fr.coffre.core.Coffre;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.core.KeyRegistry;
import fr.coffre.core.PutOptions;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.TestCustodians;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code BENCH_LARGE=1 scripts/bench.sh store}: one large ENCRYPTED object (default 2 GiB) round-tripped through the
 * Coffre facade on each real backend of the local test servers (Swift native, S3 through the default driver, Azure
 * on Azurite), in a JVM whose heap is far smaller than the object (the script runs it with {@code -Xmx256m}).
 *
 * <p>First an untimed round trip of 64 MiB per backend (JIT compilation, connections, the subject's data key created
 * in custody). Then per backend: {@code Coffre.put} of generated plaintext of declared length (its SHA-256 computed on the way in),
 * {@code Coffre.get} read to the end (SHA-256 compared), delete. Prints a line per backend with put and get MiB/s of
 * plaintext and the heap's peak, and exits non-zero if any round trip failed or differed.
 *
 * <p>Both with a declared plaintext length (a streamed single PUT on every backend up to its single-request limit)
 * and without (multipart / SLO segments / blocks).
 *
 * <p>Arguments: {@code sizeMiB backends workDir [known|unknown|both]}, backends a comma list of
 * {@link TestServers.Backend} names.
 */
public final class LargeObjectBench {

    private static final long MIB = 1024L * 1024;
    private static final String CONTAINER = "coffre-large-bench";

    private LargeObjectBench() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]) * MIB;
        List<TestServers.Backend> backends = new ArrayList<>();
        for (String b : args[1].split(",")) {
            backends.add(TestServers.Backend.valueOf(b.trim().toUpperCase(Locale.ROOT)));
        }
        Path work = Files.createDirectories(Path.of(args[2]));
        List<Boolean> lengths = switch (args.length > 3 ? args[3] : "both") {
            case "known" -> List.of(true);
            case "unknown" -> List.of(false);
            default -> List.of(true, false);
        };
        Path run = Files.createTempDirectory(work, "large-");
        System.out.printf(Locale.ROOT, "Large object: %d MiB encrypted, max heap %d MiB%n", size / MIB,
                Runtime.getRuntime().maxMemory() / MIB);
        boolean allPassed = true;
        try (KeyCustodian custody = TestCustodians.keystore(run.resolve("custody.bcfks"));
                KeyRegistry registry = KeyRegistry.builder()
                        .createIfMissing(true).custodian(custody).directory(run.resolve("registry"))
                        .build()) {
            for (TestServers.Backend backend : backends) { // JIT and connections warm, keys created, untimed
                backend.require();
                allPassed &= roundTrip(backend, registry, Math.min(size, 64 * MIB), true, false);
            }
            for (boolean declared : lengths) {
                for (TestServers.Backend backend : backends) {
                    allPassed &= roundTrip(backend, registry, size, declared, true);
                }
            }
        }
        if (!allPassed) {
            System.exit(1);
        }
    }

    private static boolean roundTrip(TestServers.Backend backend, KeyRegistry registry, long size, boolean declared,
            boolean report) throws Exception {
        resetHeapPeaks();
        try (ObjectStore store = backend.open(CONTAINER);
                Coffre coffre = Coffre.builder().store(store).keyRegistry(registry).vaultId("large-bench").build()) {
            store.createContainerIfAbsent();
            String name = "large/" + size;
            MessageDigest in = sha256();
            long t0 = System.nanoTime();
            PutOptions.Builder options = PutOptions.builder().subject("bench-subject");
            if (declared) {
                options.plaintextLengthBytes(size);
            }
            coffre.put(name, new DigestInputStream(GeneratedData.stream(backend.ordinal(), size), in),
                    options.build());
            double putSeconds = (System.nanoTime() - t0) / 1e9;
            long stored = coffre.stat(name).storedSizeBytes();
            t0 = System.nanoTime();
            MessageDigest out = sha256();
            long read;
            try (DecryptedObject o = coffre.get(name); InputStream content = o.content()) {
                read = drain(content, out);
            }
            double getSeconds = (System.nanoTime() - t0) / 1e9;
            coffre.delete(name);
            boolean same = read == size && Arrays.equals(in.digest(), out.digest());
            if (!report && same) {
                return true;
            }
            System.out.printf(Locale.ROOT, "LARGE %-6s %-14s %s %d MiB (stored %d bytes): put %.1f MiB/s, get %.1f"
                    + " MiB/s, old-generation peak %d MiB (with humongous buffers not yet collected), max heap %d"
                    + " MiB%n", backend, declared ? "known-length" : "unknown-length", same ? "OK" : "MISMATCH", size / MIB,
                    stored, size / (double) MIB / putSeconds, size / (double) MIB / getSeconds,
                    oldGenerationPeakBytes() / MIB, Runtime.getRuntime().maxMemory() / MIB);
            return same;
        } catch (RuntimeException | IOException e) {
            System.out.printf(Locale.ROOT, "LARGE %-6s %-14s FAILED: %s%n", backend,
                    declared ? "known-length" : "unknown-length", e);
            return false;
        }
    }

    private static long drain(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; total += n) {
            digest.update(buffer, 0, n);
        }
        return total;
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /**
     * Peak of the old generation since the last reset: what survived young collections, i.e. what the round trip
     * kept alive (young-generation use only says how much garbage was made between collections).
     */
    private static long oldGenerationPeakBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && (pool.getName().contains("Old") || pool.getName()
                    .contains("Tenured"))) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
