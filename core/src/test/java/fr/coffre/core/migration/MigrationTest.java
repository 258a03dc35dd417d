package fr.coffre.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.core.Coffre;
import fr.coffre.core.PutOptions;
import fr.coffre.store.ForwardingStore;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration and verification between two filesystem stores (no server needed), with real custody. */
class MigrationTest {
    @TempDir
    Path dir;
    MigrationFixture fx;
    ObjectStore source;
    ObjectStore destination;
    Path manifest;
    List<String> names;

    @BeforeEach
    void setUp() {
        fx = new MigrationFixture(dir);
        source = ObjectStores.filesystem(dir.resolve("src"));
        destination = ObjectStores.filesystem(dir.resolve("dst"));
        source.createContainerIfAbsent();
        destination.createContainerIfAbsent();
        manifest = dir.resolve("migration.manifest");
        names = fx.encrypt("", 60, 1);
        fx.publish(names, source, 4);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    Migration.Builder migration() {
        return Migration.builder().source(source).destination(destination).manifest(manifest).jobs(4);
    }

    @Nested
    class Run {
        @Test
        void copiesEveryObjectAsCiphertextUnderTheSameNames() {
            MigrationReport r = migration().build().run();
            assertEquals(60, r.copiedObjects());
            assertEquals(0, r.skippedObjects());
            assertTrue(r.complete());
            TreeMap<String, String> src = MigrationFixture.contents(source);
            assertEquals(src, MigrationFixture.contents(destination));
            assertEquals(src, MigrationFixture.manifest(manifest, source, destination));
        }

        @Test
        void aSecondRunCopiesNothing() {
            migration().build().run();
            MigrationReport r = migration().build().run();
            assertEquals(0, r.copiedObjects());
            assertEquals(60, r.skippedObjects());
        }

        @Test
        void resumesFromATornManifestCopyingOnlyWhatIsNotRecorded() throws Exception {
            migration().build().run();
            long size = Files.size(manifest);
            try (FileChannel ch = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
                ch.truncate(size / 2); // a kill mid-line: the torn line and everything after are lost
            }
            MigrationReport r = migration().build().run();
            assertTrue(r.copiedObjects() > 0 && r.copiedObjects() < 60, "copied " + r.copiedObjects());
            assertEquals(60, r.copiedObjects() + r.skippedObjects());
            assertEquals(MigrationFixture.contents(source), MigrationFixture.manifest(manifest, source, destination));
        }

        @Test
        void compactsALargeManifestWithTheExternalSort() {
            migration().build().run();
            migration().delta(true).build().run(); // appends nothing, but compaction runs on 60 lines
            MigrationReport r = migration().sortChunk(7).build().run();
            assertEquals(60, r.manifestEntries());
            assertEquals(60, r.skippedObjects());
        }

        @Test
        void dryRunChangesNothing() throws Exception {
            MigrationReport r = migration().dryRun(true).build().run();
            assertEquals(60, r.copiedObjects());
            assertEquals(0, MigrationFixture.contents(destination).size());
            assertFalse(Files.exists(manifest));
        }

        @Test
        void tellsTheListenerOfEveryObject() {
            AtomicInteger objects = new AtomicInteger();
            AtomicInteger ends = new AtomicInteger();
            migration().listener(new MigrationListener() {
                @Override
                public void object(ObjectOutcome outcome) {
                    objects.incrementAndGet();
                }

                @Override
                public void finished(MigrationReport report) {
                    ends.incrementAndGet();
                }
            }).build().run();
            assertEquals(60, objects.get());
            assertEquals(1, ends.get());
        }

        @Test
        void refusesTheManifestOfAnotherPairOfStores() {
            migration().build().run();
            ObjectStore other = ObjectStores.filesystem(dir.resolve("other"));
            other.createContainerIfAbsent();
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Migration.builder().source(source).destination(other).manifest(manifest).build().run());
            assertTrue(e.getMessage().contains("another pair of stores"), e.getMessage());
        }

        @Test
        void capsTheRate() {
            long bytes = MigrationFixture.contents(source).size() > 0 ? totalBytes() : 0;
            long cap = bytes / 3; // one second of burst, then about two seconds
            MigrationReport r = migration().maxBytesPerSecond(cap).build().run();
            assertTrue(r.duration().toMillis() >= 1500, "took " + r.duration());
        }

        private long totalBytes() {
            long total = 0;
            for (var it = new StoreListing(source, ""); it.hasNext(); ) {
                total += it.next().sizeBytes();
            }
            return total;
        }
    }

    @Nested
    class Delta {
        @Test
        void modifiedAddedAndDeletedMidRunAreCaughtByTheDeltaPassWithDelete() {
            Coffre src = fx.coffreOver(source);
            AtomicInteger seen = new AtomicInteger();
            migration().jobs(1).listener(new MigrationListener() {
                @Override
                public void object(ObjectOutcome outcome) {
                    if (seen.incrementAndGet() == 30) {
                        src.put("pat-0/rec-0.json", new ByteArrayInputStream(new byte[1500]), PutOptions.defaults());
                        src.put("pat-5/rec-5.json", new ByteArrayInputStream(new byte[2000]), PutOptions.defaults());
                        src.put("new/added.json", new ByteArrayInputStream(new byte[100]), PutOptions.defaults());
                        src.delete("pat-1/rec-1.json");
                        src.delete("pat-2/rec-2.json");
                    }
                }
            }).build().run();
            MigrationReport dry = migration().delta(true).delete(true).dryRun(true).build().run();
            assertTrue(dry.copiedObjects() >= 1, "dry run would copy " + dry.copiedObjects());

            MigrationReport r = migration().delta(true).delete(true).build().run();
            assertTrue(r.copiedObjects() >= 1, "copied " + r.copiedObjects());
            assertTrue(r.deletedAtSource() <= 2 && r.removedAtDestination() == r.deletedAtSource());
            TreeMap<String, String> expected = MigrationFixture.contents(source);
            assertEquals(expected, MigrationFixture.contents(destination));
            assertEquals(expected, MigrationFixture.manifest(manifest, source, destination));
            assertEquals(0, migration().delta(true).delete(true).build().run().copiedObjects());
        }

        @Test
        void aSameSizeRewriteIsFoundByTheHeaderDigestAndDeletionsOnlyReportedWithoutDelete() {
            migration().build().run();
            Coffre src = fx.coffreOver(source);
            String name = "pat-3/rec-3.json";
            byte[] again = new byte[(int) src.stat(name).plaintextLengthBytes()];
            src.put(name, new ByteArrayInputStream(again), PutOptions.builder().subject("pat-3").build());
            src.delete("pat-4/rec-4.json");

            assertEquals(0, migration().build().run().copiedObjects(), "without delta, sizes match: skipped");
            MigrationReport r = migration().delta(true).build().run();
            assertEquals(1, r.copiedObjects());
            assertEquals(1, r.deletedAtSource());
            assertEquals(0, r.removedAtDestination());
            assertTrue(destination.exists(src.storeName("pat-4/rec-4.json")));
            assertEquals(MigrationFixture.contents(source).get(src.storeName(name)),
                    MigrationFixture.contents(destination).get(src.storeName(name)));
        }
    }

    @Nested
    class Verify {
        @Test
        void findsEverythingIdenticalAtBothDepthsAndAloneAfterAMigration() {
            migration().build().run();
            Coffre dst = fx.coffreOver(destination);
            for (Verification.Depth depth : Verification.Depth.values()) {
                VerificationReport r = Verification.builder().source(source).destination(destination).depth(depth)
                        .coffre(dst).build().run();
                assertEquals(VerificationReport.Outcome.CLEAN, r.outcome(), r.toText());
                assertEquals(60, r.identical());
            }
            VerificationReport alone = Verification.builder().destination(destination)
                    .depth(Verification.Depth.AUTHENTICATED).coffre(dst).build().run();
            assertEquals(VerificationReport.Outcome.CLEAN, alone.outcome());
            assertEquals(60, alone.identical());
        }

        @Test
        void aFlippedByteDiffersInCiphertextAndIsTamperedWhenAuthenticated() {
            migration().build().run();
            String victim = names.get(17);
            byte[] bytes = MigrationFixture.read(destination, victim);
            bytes[bytes.length - 40] ^= 1;
            destination.put(victim, new ByteArrayInputStream(bytes), bytes.length);
            Coffre dst = fx.coffreOver(destination);

            VerificationReport c = Verification.builder().source(source).destination(destination).build().run();
            assertEquals(VerificationReport.Outcome.DIFFERENCES, c.outcome());
            assertEquals(List.of(new Difference(victim, Difference.Kind.DIFFERING, "ciphertext SHA-256 differs")),
                    c.differences());
            VerificationReport a = Verification.builder().source(source).destination(destination)
                    .depth(Verification.Depth.AUTHENTICATED).coffre(dst).build().run();
            assertEquals(VerificationReport.Outcome.TAMPERED, a.outcome());
            assertEquals(1, a.tampered());
            assertEquals(59, a.identical());
            VerificationReport alone = Verification.builder().destination(destination)
                    .depth(Verification.Depth.AUTHENTICATED).coffre(dst).build().run();
            assertEquals(VerificationReport.Outcome.TAMPERED, alone.outcome());
        }

        @Test
        void reportsMissingOnEachSide() {
            migration().build().run();
            destination.delete(names.get(3));
            byte[] extra = MigrationFixture.read(source, names.get(4));
            destination.put("zz/extra", new ByteArrayInputStream(extra), extra.length);
            VerificationReport r = Verification.builder().source(source).destination(destination).build().run();
            assertEquals(1, r.missingAtDestination());
            assertEquals(1, r.missingAtSource());
            assertEquals(59, r.identical()); // 60 at the source, one of them missing at the destination
            assertTrue(r.toText().contains("- " + names.get(3)), r.toText());
            assertTrue(r.toText().contains("+ zz/extra"), r.toText());
        }

        @Test
        void aLargeObjectReadFromBothSidesAtOnceIsIdenticalOrDiffering() {
            byte[] large = new byte[(int) BothSides.AT_ONCE_BYTES];
            new java.util.Random(7).nextBytes(large);
            source.put("zz/large", new ByteArrayInputStream(large), large.length);
            migration().build().run();
            VerificationReport same = Verification.builder().source(source).destination(destination).build().run();
            assertEquals(VerificationReport.Outcome.CLEAN, same.outcome(), same.toText());
            assertEquals(61, same.identical());

            large[large.length / 2] ^= 1;
            destination.put("zz/large", new ByteArrayInputStream(large), large.length);
            VerificationReport differing = Verification.builder().source(source).destination(destination).build()
                    .run();
            assertEquals(List.of(new Difference("zz/large", Difference.Kind.DIFFERING, "ciphertext SHA-256 differs")),
                    differing.differences());
            assertEquals(60, differing.identical());
        }

        @Test
        void samplesPartitionTheStore() {
            migration().build().run();
            long total = 0;
            for (int n = 1; n <= 3; n++) {
                VerificationReport r = Verification.builder().source(source).destination(destination)
                        .sample(new Sample(n, 3)).build().run();
                assertEquals(60, r.identical() + r.notSampled());
                assertTrue(r.identical() < 60, "slice " + n + "/3 checked " + r.identical());
                total += r.identical();
            }
            assertEquals(60, total);
        }
    }

    /** {@link Migration#runVerified}: the copy and its proof in one pass. */
    @Nested
    class RunVerified {
        @Nested
        class Proves {
            @Test
            void everyCopiedObjectReadBackIdentical() {
                VerifiedMigrationReport r = migration().build().runVerified();
                assertEquals(60, r.migration().copiedObjects());
                assertEquals(VerificationReport.Outcome.CLEAN, r.verification().outcome(), r.toText());
                assertEquals(60, r.verification().identical());
                assertTrue(r.proven());
                assertEquals(MigrationFixture.contents(source), MigrationFixture.contents(destination));
            }

            @Test
            void objectsAnEarlierRunCopiedAreComparedAtBothSides() {
                migration().build().run();
                VerifiedMigrationReport r = migration().build().runVerified();
                assertEquals(0, r.migration().copiedObjects());
                assertEquals(60, r.migration().skippedObjects());
                assertEquals(60, r.verification().identical(), r.toText());
                assertTrue(r.proven());
            }

            @Test
            void aLargeObjectIsReadBackAndLaterComparedAtBothSides() {
                byte[] large = new byte[(int) BothSides.AT_ONCE_BYTES + 3];
                new java.util.Random(9).nextBytes(large);
                source.put("zz/large", new ByteArrayInputStream(large), large.length);
                assertEquals(61, migration().build().runVerified().verification().identical());
                assertEquals(61, migration().build().runVerified().verification().identical());
            }
        }

        @Nested
        class FindsWhatIsWrong {
            @Test
            void aDestinationThatStoresOtherBytesThanItWasSentIsCaughtOnReadBack() {
                String victim = names.get(7);
                VerifiedMigrationReport r = migration().destination(new BitRot(destination, victim)).build().runVerified();
                assertTrue(r.migration().complete()); // the store accepted every put
                assertEquals(VerificationReport.Outcome.DIFFERENCES, r.verification().outcome());
                assertEquals(List.of(new Difference(victim, Difference.Kind.DIFFERING, "read back: ciphertext SHA-256"
                        + " differs from the bytes read at the source")), r.verification().differences());
                assertEquals(59, r.verification().identical());
                assertFalse(r.proven());
            }

            @Test
            void anObjectAlteredAtTheDestinationAfterAnEarlierRunDiffers() {
                migration().build().run();
                String victim = names.get(3);
                byte[] bytes = MigrationFixture.read(destination, victim);
                bytes[bytes.length - 1] ^= 1; // same size: the manifest still says it is done
                destination.put(victim, new ByteArrayInputStream(bytes), bytes.length);
                VerifiedMigrationReport r = migration().build().runVerified();
                assertEquals(0, r.migration().copiedObjects());
                assertEquals(List.of(new Difference(victim, Difference.Kind.DIFFERING, "ciphertext SHA-256 differs")),
                        r.verification().differences());
                assertFalse(r.proven());
            }

            @Test
            void anObjectLeftAtTheDestinationOnlyIsMissingAtSourceUnlessDeleted() {
                migration().build().run();
                source.delete(names.get(5));
                VerifiedMigrationReport kept = migration().build().runVerified();
                assertEquals(List.of(new Difference(names.get(5), Difference.Kind.MISSING_AT_SOURCE, "")),
                        kept.verification().differences());
                assertEquals(59, kept.verification().identical());
                VerifiedMigrationReport deleted = migration().delete(true).build().runVerified();
                assertEquals(1, deleted.migration().removedAtDestination());
                assertTrue(deleted.proven(), deleted.toText());
            }

            @Test
            void aDryRunIsRefusedNamingTheSetting() {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> migration().dryRun(true).build().runVerified());
                assertTrue(e.getMessage().startsWith("dryRun: a dry run copies nothing to verify"), e.getMessage());
            }
        }
    }

    /** A store that flips one byte of what it is sent for one name (bit rot, or a faulty provider). */
    private static final class BitRot extends ForwardingStore {
        private final String victim;

        BitRot(ObjectStore delegate, String victim) {
            super(delegate);
            this.victim = victim;
        }

        @Override
        public ObjectInfo put(String name, InputStream data, long lengthBytes) {
            if (!name.equals(victim)) {
                return delegate.put(name, data, lengthBytes);
            }
            try {
                byte[] bytes = data.readAllBytes();
                bytes[bytes.length / 2] ^= 0x10;
                return delegate.put(name, new ByteArrayInputStream(bytes), bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class Builders {
        @Test
        void failFastNamingTheField() {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> migration().jobs(0).build());
            assertTrue(e.getMessage().startsWith("jobs: must be 1 to 256, was 0"), e.getMessage());
            e = assertThrows(InvalidInputException.class, () -> migration().destination(source).build());
            assertTrue(e.getMessage().startsWith("destination: must differ"), e.getMessage());
            e = assertThrows(InvalidInputException.class, () -> Sample.parse("4/3"));
            assertEquals("sample: must be n/t with 1 <= n <= t, was 4/3", e.getMessage());
            e = assertThrows(InvalidInputException.class, () -> Verification.builder().destination(destination)
                    .build());
            assertTrue(e.getMessage().startsWith("depth: a store verified alone"), e.getMessage());
        }
    }
}
