package fr.coffre.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs coffre in process on a file store and a keystore under one temporary directory. */
final class TestCli {
    final Path dir;
    final Map<String, String> env = new HashMap<>(Map.of(EmbeddedCustody.PASSWORD_ENV, "cli-test-password-not-a-secret"));

    TestCli(Path dir) {
        this.dir = dir;
    }

    Path store() {
        return dir.resolve("store");
    }

    Path keystore() {
        return dir.resolve("keys/keystore.bcfks");
    }

    /** The command line with the test store and keystore appended. */
    CliRun run(byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", "file://" + store(), "--keystore", keystore().toString()));
        return CliRun.of(env, stdin, all);
    }

    /** {@code coffre init} on the test store and keystore (the vault's explicit setup); fails unless it exits 0. */
    TestCli init() {
        CliRun init = run("init");
        if (init.code() != 0) {
            throw new AssertionError("coffre init: " + init);
        }
        return this;
    }

    CliRun run(String... args) {
        return run(new byte[0], args);
    }

    /** Exactly the given command line. */
    CliRun raw(String... args) {
        return CliRun.of(env, new byte[0], List.of(args));
    }
}
