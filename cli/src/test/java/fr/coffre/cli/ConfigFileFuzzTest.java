package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fr.coffre.store.PlantedSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the {@code coffre.yaml} parser ({@link ConfigFile#load}) on UTF-8 text carrying planted credential-looking
 * values ({@link PlantedSecrets}). Only {@link ConfigFile.ConfigException} (and its subclass
 * {@link ConfigFile.SecretInConfigException}), both {@link fr.coffre.InvalidInputException}s, may escape, and no
 * message contains the planted value, whether the fuzzer put it in a value or in a key.
 */
class ConfigFileFuzzTest {
    private static final Path FILE;

    static {
        try {
            Path dir = Files.createTempDirectory("coffre-config-fuzz");
            dir.toFile().deleteOnExit();
            FILE = dir.resolve("coffre.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void load(byte[] data) throws IOException {
        PlantedSecrets input = PlantedSecrets.plant(data);
        Files.write(FILE, input.text().getBytes(StandardCharsets.UTF_8));
        ConfigFile.Loaded loaded;
        try {
            loaded = ConfigFile.load(FILE, "--config");
        } catch (ConfigFile.ConfigException e) {
            assertFalse(e.getMessage().contains(input.secret()), "the message echoes a credential-looking value");
            return;
        }
        assertTrue(loaded.file().isPresent());
        assertTrue(loaded.config().stores() != null);
    }
}
