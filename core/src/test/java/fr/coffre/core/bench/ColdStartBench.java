package fr.coffre.core.bench;

import fr.coffre.core.Coffre;
import fr.coffre.core.PutOptions;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench.sh coldstart}, one run: a fresh JVM (started by the script with the {@code coffre} launcher's
 * own JVM options) builds a {@link Coffre} on the embedded default (filesystem store, local keystore), then times its
 * very first {@code Coffre.put} of a file (declared length, as {@code coffre put} does) and its first
 * {@code Coffre.get} read to the end, then {@code warmReps} more round trips of the same file (the warm figures).
 * Prints one machine-readable line: {@code COLD <startupMs> <coldPut> <coldGet> <warmPut> <warmGet>} (MiB/s of
 * plaintext; warm = median of the warm repetitions). Also checks the bytes read back have the file's length.
 *
 * <p>Arguments: {@code file workDir warmReps}.
 */
public final class ColdStartBench {
    private static final double MIB = 1024.0 * 1024;

    private ColdStartBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[1])), "cold-");
        int warmReps = Integer.parseInt(args[2]);
        long size = Files.size(file);
        long built;
        double coldPut;
        double coldGet;
        List<Double> warmPut = new ArrayList<>();
        List<Double> warmGet = new ArrayList<>();
        try (KeyCustodian custody = KeystoreCustodian.builder()
                .createIfMissing(true).path(work.resolve("keystore.bcfks"))
                .password("bench-only-keystore-password".toCharArray()).build();
                ObjectStore store = ObjectStores.filesystem(work.resolve("store"));
                Coffre coffre = Coffre.builder().store(store).custodian(custody)
                        .registryDirectory(work.resolve("registry"))
                        .createRegistryIfMissing(true).vaultId("coldstart").principal("bench")
                        .reason("benchmark").build()) {
            store.createContainerIfAbsent();
            built = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            coldPut = put(coffre, file, size, "cold/0");
            coldGet = get(coffre, size, "cold/0");
            for (int i = 1; i <= warmReps; i++) {
                warmPut.add(put(coffre, file, size, "warm/" + i));
                warmGet.add(get(coffre, size, "warm/" + i));
                coffre.delete("warm/" + i);
            }
            coffre.delete("cold/0");
        }
        System.out.printf(Locale.ROOT, "COLD %d %.1f %.1f %.1f %.1f%n", built, coldPut, coldGet, BenchRuns.median(warmPut),
                BenchRuns.median(warmGet));
    }

    private static double put(Coffre coffre, Path file, long size, String name) throws IOException {
        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            coffre.put(name, in, PutOptions.builder().collection("bench").plaintextLengthBytes(size).build());
        }
        return size / MIB / ((System.nanoTime() - t0) / 1e9);
    }

    private static double get(Coffre coffre, long size, String name) throws IOException {
        long t0 = System.nanoTime();
        try (DecryptedObject o = coffre.get(name)) {
            long n = o.content().transferTo(OutputStream.nullOutputStream());
            if (n != size) {
                throw new IllegalStateException("read " + n + " bytes, expected " + size);
            }
        }
        return size / MIB / ((System.nanoTime() - t0) / 1e9);
    }
}
