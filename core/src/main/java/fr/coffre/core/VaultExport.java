package fr.coffre.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.crypto.DecryptedObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reversibility (AUDIT.md, "Export"): writes a selection of a vault's records as plaintext files under their
 * logical names, owner-only, with a manifest of SHA-256 digests sealed under the trail's custody-held key.
 */
final class VaultExport {
    static final String MANIFEST = "coffre-export-manifest.json";
    static final String SEAL = "coffre-export-manifest.seal";
    static final String PURPOSE = "export-manifest/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private VaultExport() {
    }

    /** Exports the names under {@code prefix} whose data key is in {@code keyIds} (every name if null). */
    static ExportReport export(Coffre coffre, Path dir, String prefix, Set<String> keyIds, ObjectNode selection) {
        Path root = prepare(dir);
        ObjectNode manifest = JSON.createObjectNode().put("format", "coffre-export/1").put("vault", coffre.vaultId())
                .put("exportedAt", Instant.now().toString());
        manifest.set("selection", selection);
        ArrayNode files = manifest.putArray("files");
        long total = 0;
        try (Stream<String> names = coffre.list(prefix)) {
            for (Iterator<String> it = names.iterator(); it.hasNext();) {
                String name = it.next();
                if (keyIds != null && !keyIds.contains(coffre.stat(name).dataKey().keyId())) {
                    continue;
                }
                Path target = target(root, name, coffre.storeName(name));
                try (DecryptedObject o = coffre.get(name)) {
                    ObjectNode entry = files.addObject().put("path", name);
                    long bytes = write(o.content(), target, entry);
                    entry.put("bytes", bytes).put("contentType", o.metadata().contentType());
                    total += bytes;
                }
            }
        }
        byte[] bytes = manifest.toPrettyString().getBytes(StandardCharsets.UTF_8);
        try {
            writePrivate(root.resolve(MANIFEST), bytes);
            writePrivate(root.resolve(SEAL), (coffre.keyRegistry().seal(PURPOSE, bytes) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw failed("cannot write the manifest", e);
        }
        return new ExportReport(root, files.size(), total, HEX.formatHex(sha256().digest(bytes)));
    }

    static ExportCheck verify(KeyRegistry registry, Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        byte[] bytes;
        String seal;
        JsonNode manifest;
        try {
            bytes = Files.readAllBytes(root.resolve(MANIFEST));
            seal = Files.readString(root.resolve(SEAL), StandardCharsets.US_ASCII).strip();
            manifest = JSON.readTree(bytes);
        } catch (IOException e) {
            throw failed("cannot read the manifest and its seal", e);
        }
        boolean sealValid = AuditVerifier.sealValid(registry.auditDirectory(), registry.custodian(), PURPOSE, bytes,
                seal);
        List<String> missing = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        for (JsonNode f : manifest.path("files")) {
            String name = f.path("path").asText();
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                missing.add(name);
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest d = sha256();
                try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), d)) {
                    in.transferTo(sink);
                }
                if (!HEX.formatHex(d.digest()).equals(f.path("sha256").asText())) {
                    altered.add(name);
                }
            } catch (IOException e) {
                missing.add(name);
            }
        }
        return new ExportCheck(sealValid, manifest.path("files").size(), missing, altered);
    }

    /** Creates {@code dir} owner-only, or accepts it if it is an empty directory. */
    private static Path prepare(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(root)) {
                try (Stream<Path> s = Files.list(root)) {
                    if (s.findAny().isPresent()) {
                        throw new InvalidInputException("to: the export directory must be absent or empty");
                    }
                }
            } else {
                Files.createDirectories(root);
                if (posix(root)) {
                    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw failed("cannot create the export directory", e);
        }
        return root;
    }

    /** Where {@code name} goes under {@code root}; refuses names that would lead elsewhere or onto the manifest. */
    static Path target(Path root, String name, String storeName) {
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\\') >= 0) {
                throw new InvalidInputException("export: object " + storeName + ": its logical name would lead"
                        + " outside the export directory (empty, '.' or '..' segment, or a backslash); refused");
            }
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root.resolve(MANIFEST)) || target.equals(root.resolve(SEAL))) {
            throw new InvalidInputException("export: object " + storeName + ": its logical name would lead outside"
                    + " the export directory or onto its manifest; refused");
        }
        return target;
    }

    private static long write(InputStream content, Path target, ObjectNode entry) {
        MessageDigest d = sha256();
        long bytes;
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), d)) {
                if (posix(target)) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
                bytes = content.transferTo(out);
            }
        } catch (IOException e) {
            throw failed("cannot write a record (its path conflicts with another's, or the disk failed)", e);
        }
        entry.put("sha256", HEX.formatHex(d.digest()));
        return bytes;
    }

    private static void writePrivate(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (posix(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static CoffreException failed(String what, IOException e) {
        return new CoffreException("export: " + what + " (" + e.getClass().getSimpleName() + ")");
    }
}
