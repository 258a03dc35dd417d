package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Reads a secret (PIN, password) from a file that only its owner can read or write: mode 0600 or 0400. */
final class SecretFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private SecretFiles() {
    }

    /** The file's content, stripped of surrounding whitespace; {@code what} names the setting in messages. */
    static String read(String what, Path file) {
        if (!Files.exists(file)) {
            throw new InvalidInputException(what + ": no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(what + ": not a regular file: " + file);
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(mode)) {
                throw new InvalidInputException(what + ": secret file " + file + " must be readable by its owner only"
                        + " (chmod 600), is " + PosixFilePermissions.toString(mode));
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (UnsupportedOperationException notPosix) {
            throw new InvalidInputException(what + ": cannot check that " + file + " is owner-only (not a POSIX file"
                    + " system); use the environment variable instead");
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
