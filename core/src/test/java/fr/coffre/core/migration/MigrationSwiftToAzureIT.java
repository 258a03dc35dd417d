package fr.coffre.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.TestServers;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 genuine COF1 records (1 to 8 KiB) migrated from the local Swift to Azurite, then verified at both depths;
 * then one flipped byte at the destination is found differing (ciphertext) and tampered (authenticated).
 * {@code -Dcoffre.it.migrationObjects=N} and {@code -Dcoffre.it.migrationJobs=J} change the size (measurements).
 */
class MigrationSwiftToAzureIT {
    @TempDir
    Path dir;

    @Test
    void migratesTenThousandObjectsAndVerifiesThemAtBothDepths() {
        TestServers.Backend.SWIFT.require();
        TestServers.Backend.AZURE.require();
        int count = Integer.getInteger("coffre.it.migrationObjects", 2_000);
        int jobs = Integer.getInteger("coffre.it.migrationJobs", Migration.DEFAULT_JOBS);
        String container = "mig-" + UUID.randomUUID().toString().substring(0, 8);
        try (MigrationFixture fx = new MigrationFixture(dir);
             ObjectStore swift = TestServers.Backend.SWIFT.open(container);
             ObjectStore azure = TestServers.Backend.AZURE.open(container)) {
            swift.createContainerIfAbsent();
            azure.createContainerIfAbsent();
            long t0 = System.nanoTime();
            List<String> names = fx.encrypt("", count, 42);
            long t1 = System.nanoTime();
            fx.publish(names, swift, 16);
            long t2 = System.nanoTime();
            MigrationReport r = Migration.builder().source(swift).destination(azure)
                    .manifest(dir.resolve("swift-to-azure.manifest")).jobs(jobs).build().run();
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "MEASURE encrypt %d objects %.1f s, publish to Swift %.1f s%n", count,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            System.out.printf(Locale.ROOT, "MEASURE migrate jobs=%d: %s", jobs, r.toText());
            assertEquals(count, r.copiedObjects(), r.toText());
            assertTrue(r.complete(), r.toText());

            var dst = fx.coffreOver(azure);
            for (Verification.Depth depth : Verification.Depth.values()) {
                long v0 = System.nanoTime();
                VerificationReport v = Verification.builder().source(swift).destination(azure).depth(depth)
                        .coffre(dst).jobs(jobs).build().run();
                System.out.printf(Locale.ROOT, "MEASURE verify %s %.1f s%n", depth, (System.nanoTime() - v0) / 1e9);
                assertEquals(VerificationReport.Outcome.CLEAN, v.outcome(), v.toText());
                assertEquals(count, v.identical());
            }
            System.out.printf(Locale.ROOT, "MEASURE total migrate %.1f s%n", (t3 - t2) / 1e9);

            String victim = names.get(count / 2);
            byte[] bytes = MigrationFixture.read(azure, victim);
            bytes[bytes.length / 2] ^= 0x20;
            azure.put(victim, new ByteArrayInputStream(bytes), bytes.length);
            VerificationReport c = Verification.builder().source(swift).destination(azure).prefix(victim).build()
                    .run();
            assertEquals(List.of(new Difference(victim, Difference.Kind.DIFFERING, "ciphertext SHA-256 differs")),
                    c.differences());
            VerificationReport a = Verification.builder().source(swift).destination(azure).prefix(victim)
                    .depth(Verification.Depth.AUTHENTICATED).coffre(dst).build().run();
            assertEquals(VerificationReport.Outcome.TAMPERED, a.outcome(), a.toText());
            assertEquals(List.of(new Difference(victim, Difference.Kind.TAMPERED, "TamperedObjectException")),
                    a.differences());
        }
    }
}
