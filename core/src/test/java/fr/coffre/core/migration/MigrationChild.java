package fr.coffre.core.migration;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.TestServers;
import java.nio.file.Path;

/**
 * The migrating JVM of {@link MigrationKillResumeIT}: {@code MigrationChild CONTAINER MANIFEST MAX_RATE} migrates the
 * Swift container to the Azurite container of the same name, printing {@code running} once it has copied its first object and
 * {@code done} at the end.
 */
public final class MigrationChild {
    private MigrationChild() {
    }

    public static void main(String[] args) {
        try (ObjectStore swift = TestServers.Backend.SWIFT.open(args[0]);
             ObjectStore azure = TestServers.Backend.AZURE.open(args[0])) {
            MigrationReport r = Migration.builder().source(swift).destination(azure).manifest(Path.of(args[1]))
                    .jobs(8).maxBytesPerSecond(Long.parseLong(args[2])).listener(new MigrationListener() {
                        private final java.util.concurrent.atomic.AtomicBoolean first =
                                new java.util.concurrent.atomic.AtomicBoolean(true);

                        @Override
                        public void object(ObjectOutcome outcome) {
                            if (outcome.action() == ObjectOutcome.Action.COPIED && first.getAndSet(false)) {
                                System.out.println("running");
                                System.out.flush();
                            }
                        }
                    }).build().run();
            System.out.println("done copied=" + r.copiedObjects() + " skipped=" + r.skippedObjects());
        }
    }
}
