package fr.coffre.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Swift to Azurite migration in a separate JVM, kills it with SIGKILL ({@code destroyForcibly}) at random
 * points, resumes it each time, and checks that nothing is lost, duplicated or corrupt and that the manifest
 * matches the destination.
 */
class MigrationKillResumeIT {
    static final int OBJECTS = 800;
    static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void survivesFiveKillsWithNothingLostDuplicatedOrCorrupt() throws Exception {
        TestServers.Backend.SWIFT.require();
        TestServers.Backend.AZURE.require();
        String container = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        Path manifest = dir.resolve("kill.manifest");
        try (MigrationFixture fx = new MigrationFixture(dir);
             ObjectStore swift = TestServers.Backend.SWIFT.open(container);
             ObjectStore azure = TestServers.Backend.AZURE.open(container)) {
            swift.createContainerIfAbsent();
            azure.createContainerIfAbsent();
            fx.publish(fx.encrypt("", OBJECTS, 7), swift, 16);
            long total = 0;
            for (var it = new StoreListing(swift, ""); it.hasNext(); ) {
                total += it.next().sizeBytes();
            }
            long rate = total / 20; // about 20 s of copying in all, so that every kill lands mid-migration
            Random random = new Random();
            List<Integer> atDestination = new ArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                Process child = start(container, manifest, rate);
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("running", out.readLine(), "the child must start migrating");
                Thread.sleep(random.nextInt(1500));
                assertTrue(child.isAlive(), "kill " + (k + 1) + " must land before the migration ends");
                child.destroyForcibly(); // SIGKILL on Unix
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                int n = 0;
                for (var it = new StoreListing(azure, ""); it.hasNext(); it.next()) {
                    n++;
                }
                atDestination.add(n);
            }
            Process last = start(container, manifest, 0);
            BufferedReader out = new BufferedReader(new InputStreamReader(last.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            String done = null;
            while ((line = out.readLine()) != null) {
                done = line;
            }
            assertTrue(last.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, last.exitValue(), "final run: " + done);
            System.out.println("MEASURE kill-resume: objects at the destination after each kill " + atDestination
                    + "; final " + done);
            assertTrue(atDestination.get(0) > 0 && atDestination.get(KILLS - 1) < OBJECTS,
                    "kills must land mid-migration: " + atDestination);

            TreeMap<String, String> source = MigrationFixture.contents(swift);
            TreeMap<String, String> destination = MigrationFixture.contents(azure); // fails on a duplicate name
            assertEquals(OBJECTS, source.size());
            assertEquals(source, destination, "lost or corrupt objects at the destination");
            assertEquals(destination, MigrationFixture.manifest(manifest, swift, azure), "manifest vs destination");
            VerificationReport v = Verification.builder().source(swift).destination(azure)
                    .depth(Verification.Depth.AUTHENTICATED).coffre(fx.coffreOver(azure)).build().run();
            assertEquals(VerificationReport.Outcome.CLEAN, v.outcome(), v.toText());
            assertEquals(OBJECTS, v.identical());
        }
    }

    private static Process start(String container, Path manifest, long rate) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), MigrationChild.class.getName(), container,
                manifest.toString(), Long.toString(rate));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }
}
