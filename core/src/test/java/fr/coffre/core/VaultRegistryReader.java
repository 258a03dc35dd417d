package fr.coffre.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The registry directory read as VAULT.md §1, §2 and §5 describe it, with Jackson trees and the JDK's AES-GCM
 * (none of Coffre's classes): entry files, their checks, the unwrapping of a version under the master key, the
 * verified shred list. Part of {@link VaultReferenceDecoder}.
 */
final class VaultRegistryReader {
    static final String FORMAT = "coffre-key-registry/1";

    /** The 32-byte master-key version {@code scheme}/{@code keyId}/{@code version}, or {@code null} if unknown. */
    interface MasterKeys {
        byte[] key(String scheme, String keyId, int version);
    }

    private final Path dir;
    private final MasterKeys masterKeys;
    private final ObjectMapper json = new ObjectMapper();

    VaultRegistryReader(Path dir, MasterKeys masterKeys) {
        this.dir = dir;
        this.masterKeys = masterKeys;
    }

    /** {@code <kind>s/<id>.json} checked against its place (§1), or {@code null} if there is no such file. */
    JsonNode entry(String kind, String id) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(kind + "s").resolve(id + ".json"));
        } catch (NoSuchFileException e) {
            return null;
        }
        return checked(json.readTree(bytes), kind, id);
    }

    static JsonNode checked(JsonNode e, String kind, String id) throws IOException {
        String state = e.path("state").asText();
        boolean destroyed = "destroyed".equals(state);
        if (!FORMAT.equals(e.path("format").asText()) || !kind.equals(e.path("kind").asText())
                || !id.equals(e.path("id").asText()) || !e.path("versions").isArray()
                || !(destroyed || "active".equals(state)) || destroyed != e.path("versions").isEmpty()) {
            throw new IOException("registry entry " + kind + "/" + id + ": does not match its place, state or format");
        }
        return e;
    }

    /** §2: version {@code version} of {@code entry}, unwrapped under the master-key version it names. */
    byte[] unwrap(JsonNode entry, int version) throws GeneralSecurityException {
        for (JsonNode v : entry.path("versions")) {
            if (v.path("version").asInt() == version) {
                JsonNode m = v.path("master");
                byte[] mk = masterKeys.key(m.path("scheme").asText(), m.path("keyId").asText(), m.path("version").asInt());
                if (mk == null) {
                    throw new GeneralSecurityException("master-key version not given");
                }
                return unwrap(mk, m.path("scheme").asText(), m.path("keyId").asText(), m.path("version").asInt(),
                        context(entry.path("kind").asText(), entry.path("id").asText(), version),
                        Base64.getDecoder().decode(v.path("wrapped").asText()));
            }
        }
        throw new GeneralSecurityException("no such entry version");
    }

    /** {@code UTF-8(format 00 kind 00 id 00 decimal(version))}. */
    static byte[] context(String kind, String id, int version) {
        return (FORMAT + "\0" + kind + "\0" + id + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code "coffre-custody-wrap" 00 01 u16 scheme u16 keyId u32 version u32 context}. */
    static byte[] aad(String scheme, String keyId, int version, byte[] context) {
        byte[] label = "coffre-custody-wrap\0".getBytes(StandardCharsets.US_ASCII);
        byte[] s = scheme.getBytes(StandardCharsets.US_ASCII);
        byte[] k = keyId.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(label.length + 1 + 2 + s.length + 2 + k.length + 8 + context.length).put(label)
                .put((byte) 1).putShort((short) s.length).put(s).putShort((short) k.length).put(k).putInt(version)
                .putInt(context.length).put(context).array();
    }

    static byte[] unwrap(byte[] masterKey, String scheme, String keyId, int version, byte[] context, byte[] wrapped)
            throws GeneralSecurityException {
        if (wrapped.length < 1 + 12 + 16 || wrapped[0] != 1) {
            throw new GeneralSecurityException("not a wrapped key of format 01");
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, wrapped, 1, 12));
        gcm.updateAAD(aad(scheme, keyId, version, context));
        return gcm.doFinal(wrapped, 13, wrapped.length - 13);
    }

    /** §5: the shred list, checked against its wrapped digest; empty if there is none. */
    List<String> shredded() throws IOException, GeneralSecurityException {
        JsonNode e = entry("secret", "shreds");
        if (e == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        e.path("shredded").forEach(id -> ids.add(id.asText()));
        if (e.path("versions").size() != 1 || !MessageDigest.isEqual(unwrap(e, 1), shredDigest(ids))) {
            throw new GeneralSecurityException("shred list does not match its wrapped digest");
        }
        return ids;
    }

    /** §3: {@code "s" v "-" base32(HMAC-SHA-256(S_v, "coffre-pseudonym/1" 00 "subject" 00 value))} ("c" for collections). */
    static String dataKeyId(byte[] pseudonymSecret, int version, boolean subject, String value)
            throws GeneralSecurityException {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(pseudonymSecret, "HmacSHA256"));
        byte[] mac = hmac.doFinal(("coffre-pseudonym/1\0" + (subject ? "subject" : "collection") + "\0" + value)
                .getBytes(StandardCharsets.UTF_8));
        return (subject ? "s" : "c") + version + "-" + ReferenceSiv.toBase32(mac);
    }

    /** {@code SHA-256(UTF-8("coffre-shred-list/1" 00) || UTF-8(join("\n", ids)))}. */
    static byte[] shredDigest(List<String> ids) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("coffre-shred-list/1\0".getBytes(StandardCharsets.UTF_8));
        return sha.digest(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
    }
}
