package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.PolicyViolationException;
import fr.coffre.core.RegistryMismatchException;
import fr.coffre.core.RegistryNotFoundException;
import fr.coffre.custody.KeystoreNotFoundException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.crypto.UnsupportedFormatException;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one mapping from the exception tree to exit codes: 0 ok, 1 other error, 2 usage or invalid input, 3 not
 * found (object, container or bucket), 4 tampered or not a Coffre object, 5 key unavailable or destroyed (custody
 * unreachable, PIN or client certificate refused), 6 policy violation, 7 access denied by the store, 8 verify found
 * differences (missing or differing objects, none tampered), 9 migration incomplete (some objects failed; run it
 * again to resume), 10 audit trail invalid ({@code audit verify} found a modified, deleted, inserted, reordered or
 * truncated record or file), 11 vault not set up or not this one (no key registry, keystore or master key at the given
 * place: {@code coffre init} creates them; or a store whose vault marker names another key registry). A verification
 * that finds a tampered object exits 4.
 */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int OTHER = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int TAMPERED = 4;
    static final int KEY_UNAVAILABLE = 5;
    static final int POLICY = 6;
    static final int STORE_ACCESS_DENIED = 7;
    static final int DIFFERENCES = 8;
    static final int MIGRATION_INCOMPLETE = 9;
    static final int AUDIT_INVALID = 10;
    static final int NOT_SET_UP = 11;

    static int of(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return of(e.getCause());
        }
        if (e instanceof CommandLine.ParameterException || e instanceof InvalidInputException
                || e instanceof NoSuchFileException) {
            return USAGE;
        }
        if (e instanceof ObjectNotFoundException || e instanceof ContainerNotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof RegistryNotFoundException || e instanceof KeystoreNotFoundException
                || e instanceof RegistryMismatchException) {
            return NOT_SET_UP;
        }
        if (e instanceof TamperedObjectException || e instanceof UnsupportedFormatException) {
            return TAMPERED;
        }
        if (e instanceof KeyUnavailableException) {
            return KEY_UNAVAILABLE;
        }
        if (e instanceof PolicyViolationException) {
            return POLICY;
        }
        if (e instanceof AccessDeniedException) {
            return STORE_ACCESS_DENIED;
        }
        return OTHER;
    }

    @Override
    public int getExitCode(Throwable exception) {
        return of(exception);
    }
}
