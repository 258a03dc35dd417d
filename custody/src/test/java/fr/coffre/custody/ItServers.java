package fr.coffre.custody;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where scripts/servers/*.sh left their state; integration tests FAIL (never skip) when a server is missing. */
public final class ItServers {
    private ItServers() {
    }

    public static Path base() {
        String p = System.getProperty("coffre.it.base");
        if (p == null || p.isBlank()) {
            p = System.getenv().getOrDefault("COFFRE_IT_BASE", "/tmp/coffre-it");
        }
        return Path.of(p);
    }

    /** A file a server script wrote; fails the test naming the script to run if it is absent. */
    public static Path required(String server, String file) {
        Path f = base().resolve(server).resolve(file);
        if (!Files.isReadable(f)) {
            fail(f + " is missing: run `scripts/servers/" + server + ".sh start` (scripts/test.sh does)");
        }
        return f;
    }

    public static String read(String server, String file) {
        try {
            return Files.readString(required(server, file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + " of " + server, e);
        }
    }
}
