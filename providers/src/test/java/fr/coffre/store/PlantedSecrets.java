package fr.coffre.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import fr.coffre.UriQuery;
import java.util.Arrays;
import java.util.List;

/**
 * For the parser fuzz tests (store URIs, coffre.yaml): turns fuzzer bytes into text in which every U+0001 is replaced
 * by one of a few credential-looking values (chosen by the first byte), so that a test can check that no error message
 * echoes it, wherever the fuzzer put it.
 */
public record PlantedSecrets(String secret, String text) {
    /** Values {@link UriQuery#looksLikeCredential} recognises. */
    public static final List<String> SECRETS = List.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AKIAIOSFODNN7EXAMPLE", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "hunter2-password",
            "sig=Zm9vYmFyYmF6cXV4");

    static {
        for (String s : SECRETS) {
            if (!UriQuery.looksLikeCredential(s)) {
                throw new AssertionError("not credential-looking: " + s);
            }
        }
    }

    public static PlantedSecrets plant(byte[] data) {
        String secret = data.length == 0 ? SECRETS.get(0) : SECRETS.get(Math.floorMod(data[0], SECRETS.size()));
        String text = new String(Arrays.copyOfRange(data, Math.min(1, data.length), data.length), UTF_8)
                .replace("\u0001", secret);
        return new PlantedSecrets(secret, text);
    }
}
