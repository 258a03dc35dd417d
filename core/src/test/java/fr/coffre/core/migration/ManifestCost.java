package fr.coffre.core.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Random;

/**
 * Measures the manifest's cost per object (run by hand, see MIGRATION.md): {@code ManifestCost N DIR} appends N
 * entries with Coffre-like store names through {@link ManifestLog}, then compacts them (external sort) and streams
 * the result.
 */
public final class ManifestCost {
    private ManifestCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path path = Path.of(args[1]).resolve("cost.manifest");
        Files.deleteIfExists(path);
        Manifest.open(path, "a", "b", false, Migration.SORT_CHUNK);
        Random random = new Random(1);
        String hex = "0123456789abcdef".repeat(4);
        long t0 = System.nanoTime();
        try (ManifestLog log = new ManifestLog(path, Migration.SYNC_BATCH, Migration.SYNC_DELAY_NANOS)) {
            for (int i = 0; i < n; i++) {
                String name = Long.toString(random.nextLong() & Long.MAX_VALUE, 32) + "abcdefghijklmnopqrstuvwxyz234567"
                        + "/" + Long.toString(random.nextLong() & Long.MAX_VALUE, 32) + "abcdefghijklmnopqrstuvwx";
                log.append(ManifestEntry.copied(name, 1000 + random.nextInt(7000), hex, hex));
            }
        }
        long t1 = System.nanoTime();
        long bytes = Files.size(path);
        Manifest m = Manifest.open(path, "a", "b", false, Migration.SORT_CHUNK);
        long count = 0;
        for (Iterator<ManifestEntry> it = m.sortedEntries(); it.hasNext(); it.next()) {
            count++;
        }
        long t2 = System.nanoTime();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "MEASURE manifest %d entries: %.1f bytes/entry, append+fsync %.2f us/entry,"
                + " compact+stream %.2f us/entry (%d entries), heap used %d MiB%n", n, (double) bytes / n,
                (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, count, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
}
