package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/**
 * {@code vectors/registry-entries.json} both ways: Coffre's code makes exactly those files from the inputs
 * ({@link RegistryVectors}), and the reference reader ({@link VaultRegistryReader}, from VAULT.md alone) gets the
 * inputs back from the files and the master keys.
 */
class RegistryVectorTest {
    private static final HexFormat HEX = HexFormat.of();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode vectors() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/vectors/registry-entries.json")) {
            return json.readTree(in);
        }
    }

    @Test
    void coffreWritesExactlyTheVectorFiles() throws Exception {
        JsonNode expected = vectors();
        assertEquals(7, expected.path("entries").size());
        assertEquals(expected, json.readTree(json.writeValueAsString(RegistryVectors.generate())));
    }

    @Test
    void theReferenceReaderRecoversEveryKeyFromTheFiles() throws Exception {
        JsonNode root = vectors();
        byte[][] masters = {null, hex(root.at("/masterKeys/0/keyHex")), hex(root.at("/masterKeys/1/keyHex"))};
        VaultRegistryReader.MasterKeys keys = (scheme, keyId, version) -> "keystore".equals(scheme)
                && "coffre-master".equals(keyId) && version >= 1 && version <= 2 ? masters[version] : null;
        VaultRegistryReader reader = new VaultRegistryReader(null, keys);
        List<byte[]> pseudonymSecrets = new ArrayList<>();
        for (JsonNode v : root.path("entries")) {
            String kind = v.path("kind").asText();
            String id = v.path("id").asText();
            assertEquals(kind + "s/" + id + ".json", v.path("file").asText());
            JsonNode entry = VaultRegistryReader.checked(json.readTree(v.path("entryJson").asText()), kind, id);
            assertEquals(v.path("versions").size(), entry.path("versions").size(), id);
            for (JsonNode version : v.path("versions")) {
                int n = version.path("version").asInt();
                byte[] context = VaultRegistryReader.context(kind, id, n);
                assertEquals(version.path("contextHex").asText(), HEX.formatHex(context));
                assertEquals(version.path("aadHex").asText(), HEX.formatHex(VaultRegistryReader.aad("keystore",
                        "coffre-master", version.path("masterVersion").asInt(), context)));
                assertArrayEquals(hex(version.path("keyHex")), reader.unwrap(entry, n), id + " v" + n);
                assertEquals(version.path("wrappedHex").asText(), HEX.formatHex(java.util.Base64.getDecoder()
                        .decode(entry.path("versions").get(n - 1).path("wrapped").asText())));
                if ("pseudonym".equals(id)) {
                    pseudonymSecrets.add(hex(version.path("keyHex")));
                }
            }
            JsonNode from = v.path("idFrom");
            if (!from.isMissingNode()) {
                int pv = from.path("pseudonymVersion").asInt();
                assertEquals(id, VaultRegistryReader.dataKeyId(pseudonymSecrets.get(pv - 1), pv,
                        "subject".equals(from.path("kind").asText()), from.path("value").asText()));
            }
            if ("shreds".equals(id)) {
                List<String> ids = new ArrayList<>();
                entry.path("shredded").forEach(s -> ids.add(s.asText()));
                assertArrayEquals(VaultRegistryReader.shredDigest(ids), reader.unwrap(entry, 1));
            }
        }
        assertTrue(root.at("/entries/6/entryJson").asText().contains("\"state\" : \"destroyed\""));
    }

    @Test
    void aWrappedKeyMovedToAnotherEntryOrMasterVersionDoesNotOpen() throws Exception {
        JsonNode root = vectors();
        JsonNode v = root.at("/entries/3/versions/0");
        byte[] wrapped = hex(v.path("wrappedHex"));
        byte[] master = hex(root.at("/masterKeys/0/keyHex"));
        String id = root.at("/entries/3/id").asText();
        assertArrayEquals(hex(v.path("keyHex")), VaultRegistryReader.unwrap(master, "keystore", "coffre-master", 1,
                VaultRegistryReader.context("data-key", id, 1), wrapped));
        assertThrows(AEADBadTagException.class, () -> VaultRegistryReader.unwrap(master, "keystore", "coffre-master",
                1, VaultRegistryReader.context("data-key", id, 2), wrapped));
        assertThrows(AEADBadTagException.class, () -> VaultRegistryReader.unwrap(master, "keystore", "coffre-master",
                2, VaultRegistryReader.context("data-key", id, 1), wrapped));
        assertThrows(AEADBadTagException.class, () -> VaultRegistryReader.unwrap(master, "keystore", "coffre-master",
                1, VaultRegistryReader.context("secret", id, 1), wrapped));
    }

    private static byte[] hex(JsonNode n) {
        return HEX.parseHex(n.asText());
    }
}
