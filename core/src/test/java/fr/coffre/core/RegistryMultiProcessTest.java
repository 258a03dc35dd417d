package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVMs (not threads) on one registry directory and one keystore: two writers, a shredder, a rotator and
 * a renewer at once. Afterwards no shredded subject's key unwraps (nor can a new one be made), and every live key
 * any writer was given still unwraps to the same bytes. Other backends extend it ({@link #registrySpec}).
 */
public class RegistryMultiProcessTest {
    private static final int SUBJECTS = 30;

    @TempDir
    protected Path custodyDir;
    @TempDir
    protected Path base;

    static String live(String writer, int i) {
        return "live-" + writer + "-" + i;
    }

    static String doomed(int i) {
        return "doomed-" + i;
    }

    /** How many live subjects each writer and how many doomed subjects the shredder handle. */
    protected int subjects() {
        return SUBJECTS;
    }

    /** The registry every process opens, as {@link RegistryWorker#registry} reads it; default a directory. */
    protected String registrySpec(Path base) {
        return base.resolve("registry").toString();
    }

    @Test
    void rotationShreddingRenewalAndWritesInSeparateProcessesKeepShredsAndLiveKeys() throws Exception {
        String registryDir = registrySpec(base);
        try (TestCustody custody = TestCustody.keystore(custodyDir);
             KeyRegistry registry = RegistryWorker.registry(registryDir, custodyDir).custodian(custody).build()) {
            registry.status();
        }
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        String[][] roles = {{"write", "a", "" + subjects()}, {"write", "b", "" + subjects()}, {"shred", "-", "" + subjects()},
                {"rotate", "-", "3"}, {"renew", "-", "2"}};
        for (String[] role : roles) {
            Path out = base.resolve(role[0] + "-" + role[1] + ".out");
            outputs.add(out);
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RegistryWorker.class.getName(), role[0],
                    custodyDir.toString(), registryDir, role[2], role[1])
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        for (int i = 0; i < processes.size(); i++) {
            assertTrue(processes.get(i).waitFor(120, TimeUnit.SECONDS), "worker " + i + " timed out");
            Path out = outputs.get(i);
            assertEquals(0, processes.get(i).exitValue(), () -> "worker failed: " + read(out));
        }
        List<String> lines = new ArrayList<>();
        for (Path out : outputs) {
            lines.addAll(Files.readAllLines(out));
        }
        assertEquals(roles.length, lines.stream().filter(l -> l.startsWith("DONE ")).count(), String.join("\n", lines));
        try (TestCustody custody = TestCustody.keystore(custodyDir);
             KeyRegistry registry = RegistryWorker.registry(registryDir, custodyDir).custodian(custody)
                     .cacheMaxEntries(0).build()) {
            int live = 0;
            for (String line : lines) {
                String[] f = line.split(" ");
                KeyRef ref = new KeyRef(KeyRegistry.DATA_KEY_SCHEME, f.length == 3 ? f[1] : "x", 1);
                if (f[0].equals("LIVE")) {
                    try (SecretBytes key = registry.keyForRead(ref)) {
                        assertArrayEquals(HexFormat.of().parseHex(f[2]),
                                MessageDigest.getInstance("SHA-256").digest(key.copyBytes()), "live key changed");
                    }
                    live++;
                } else if (f[0].equals("DOOMED")) {
                    assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(ref).destroy());
                }
            }
            assertEquals(2 * subjects(), live, "every live write succeeded");
            for (int i = 0; i < subjects(); i++) {
                String subject = doomed(i);
                assertThrows(KeyDestroyedException.class, () -> registry.keyForWrite(true, subject).key().destroy());
            }
            assertEquals(4, registry.status().currentMasterKey().version(), "three rotations");
            assertEquals(3, registry.status().pseudonymSecretVersion(), "two renewals");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
