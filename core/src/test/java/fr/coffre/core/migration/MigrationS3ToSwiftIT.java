package fr.coffre.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.core.Coffre;
import fr.coffre.core.PutOptions;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.TestServers;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 (Swift's s3api) to Swift: source objects modified, added and deleted while the migration runs; the delta pass
 * with delete then brings the destination to the source's exact state, verified at both depths.
 */
class MigrationS3ToSwiftIT {
    static final int OBJECTS = 300;

    @TempDir
    Path dir;

    @Test
    void deltaWithDeleteCatchesChangesMadeDuringTheMigration() {
        TestServers.Backend.S3.require();
        String bucket = "mig-s3-" + UUID.randomUUID().toString().substring(0, 8);
        String container = "mig-sw-" + UUID.randomUUID().toString().substring(0, 8);
        Path manifest = dir.resolve("s3-to-swift.manifest");
        try (MigrationFixture fx = new MigrationFixture(dir);
             ObjectStore s3 = TestServers.Backend.S3.open(bucket);
             ObjectStore swift = TestServers.Backend.SWIFT.open(container)) {
            s3.createContainerIfAbsent();
            swift.createContainerIfAbsent();
            fx.publish(fx.encrypt("", OBJECTS, 3), s3, 16);
            Coffre source = fx.coffreOver(s3);
            AtomicInteger seen = new AtomicInteger();
            MigrationReport first = Migration.builder().source(s3).destination(swift).manifest(manifest).jobs(4)
                    .listener(new MigrationListener() {
                        @Override
                        public void object(ObjectOutcome outcome) {
                            if (seen.incrementAndGet() == OBJECTS / 2) {
                                for (int i = 0; i < 6; i++) { // rewrites: same names, new salts, other sizes
                                    source.put("pat-" + i + "/rec-" + i + ".json",
                                            new ByteArrayInputStream(new byte[500 + i]), PutOptions.defaults());
                                }
                                source.put("late/added.json", new ByteArrayInputStream(new byte[64]),
                                        PutOptions.defaults());
                                source.delete("pat-10/rec-10.json");
                                source.delete("pat-11/rec-11.json");
                            }
                        }
                    }).build().run();
            System.out.printf(Locale.ROOT, "MEASURE s3->swift first pass: %s", first.toText());

            MigrationReport delta = Migration.builder().source(s3).destination(swift).manifest(manifest).jobs(4)
                    .delta(true).delete(true).build().run();
            System.out.printf(Locale.ROOT, "MEASURE s3->swift delta pass: %s", delta.toText());
            assertTrue(delta.copiedObjects() >= 1, delta.toText());
            assertTrue(delta.complete(), delta.toText());
            TreeMap<String, String> expected = MigrationFixture.contents(s3);
            assertEquals(OBJECTS - 1, expected.size());
            assertEquals(expected, MigrationFixture.contents(swift), "destination must equal the source exactly");
            assertEquals(expected, MigrationFixture.manifest(manifest, s3, swift));
            for (Verification.Depth depth : Verification.Depth.values()) {
                VerificationReport v = Verification.builder().source(s3).destination(swift).depth(depth)
                        .coffre(fx.coffreOver(swift)).build().run();
                assertEquals(VerificationReport.Outcome.CLEAN, v.outcome(), v.toText());
                assertEquals(OBJECTS - 1, v.identical());
            }
        }
    }
}
