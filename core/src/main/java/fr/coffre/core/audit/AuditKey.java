package fr.coffre.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import fr.coffre.CoffreException;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyCustodian;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The trail's HMAC key: 256 random bits, on disk only wrapped by the custodian's master key ({@code audit.key},
 * context {@value #CONTEXT}); unwrapped at open, rewrapped under the current master-key version when it was not.
 */
final class AuditKey {
    static final String FILE = "audit.key";
    static final String CONTEXT = "coffre-audit-hmac-key/1";

    private AuditKey() {
    }

    static SecretBytes openOrCreate(Path dir, KeyCustodian custodian, String masterKeyId, SecureRandom random) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            SecretBytes key = SecretBytes.random(32, random);
            write(file, custodian, masterKeyId, key);
            return key;
        }
        KeyRef current = custodian.currentKey(masterKeyId);
        SecretBytes key = open(dir, custodian);
        if (!current.equals(readRef(file))) {
            write(file, custodian, masterKeyId, key);
        }
        return key;
    }

    /** Unwraps the key of the trail in {@code dir}. */
    static SecretBytes open(Path dir, KeyCustodian custodian) {
        Path file = dir.resolve(FILE);
        try {
            JsonNode n = AuditLines.JSON.readTree(Files.readString(file));
            return custodian.unprotect(readRef(file), Base64.getDecoder().decode(n.path("wrapped").asText()),
                    CONTEXT.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new CoffreException("audit trail " + dir + ": cannot read " + FILE + " (" + e.getClass()
                    .getSimpleName() + ")");
        }
    }

    /** Creates {@code dir} owner-only (rwx------) where the file system has POSIX permissions. */
    static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (posix(dir)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    /** Creates {@code file} owner-only (rw-------) if absent. */
    static void createPrivateFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
            if (posix(file)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static KeyRef readRef(Path file) {
        try {
            JsonNode m = AuditLines.JSON.readTree(Files.readString(file)).path("master");
            return new KeyRef(m.path("scheme").asText(), m.path("keyId").asText(), m.path("version").asInt());
        } catch (IOException e) {
            throw new CoffreException("audit key " + file + ": unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    static void write(Path file, KeyCustodian custodian, String masterKeyId, SecretBytes key) {
        KeyRef master = custodian.currentKey(masterKeyId);
        byte[] wrapped = custodian.protect(master, key, CONTEXT.getBytes(StandardCharsets.UTF_8));
        var n = AuditLines.JSON.createObjectNode().put("format", 1).put("purpose", CONTEXT);
        n.putObject("master").put("scheme", master.scheme()).put("keyId", master.keyId())
                .put("version", master.version());
        n.put("wrapped", Base64.getEncoder().encodeToString(wrapped));
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            createPrivateFile(tmp);
            Files.writeString(tmp, n.toString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CoffreException("audit key " + file + ": cannot write (" + e.getClass().getSimpleName() + ")");
        }
    }
}
