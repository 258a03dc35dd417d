package fr.coffre.cli;

import fr.coffre.CoffreException;
import fr.coffre.store.ContainerNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Prints a failure: one {@code coffre: error: } line on stderr with the typed exception's message (which never holds
 * a key, plaintext or patient name), the stack trace only with {@code --debug}, and with {@code --json} also a JSON
 * document on stdout so that stdout always holds exactly one.
 */
final class ErrorReport {
    private ErrorReport() {
    }

    static int print(Throwable e, String hint, Io io, boolean json, boolean debug) {
        int code = ExitCodes.of(e);
        String message = describe(e) + (hint == null ? "" : " " + hint);
        io.err().println("coffre: error: " + message);
        if (debug) {
            e.printStackTrace(io.err());
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("error", message);
            doc.put("exitCode", code);
            io.out().println(Output.toJson(doc));
        }
        return code;
    }

    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof fr.coffre.core.PolicyViolationException p
                && fr.coffre.core.Policy.ACCESS_REASON.equals(p.rule())) {
            return "rule " + p.rule() + ": " + e.getMessage() + "; give --reason TEXT (or set " + Settings.REASON_ENV
                    + ", or reason in coffre.yaml)";
        }
        if (e instanceof ContainerNotFoundException) {
            return e.getMessage() + " (create it with: coffre mb --store ...)";
        }
        if ((e instanceof CoffreException || e instanceof CommandLine.ParameterException) && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return "I/O failure on " + f.getFile() + ": " + (f.getReason() == null ? e.getClass().getSimpleName()
                    : f.getReason());
        }
        if (e instanceof IOException) {
            return "I/O failure: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
