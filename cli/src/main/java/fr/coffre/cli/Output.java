package fr.coffre.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;

/**
 * Where a command's results go: text lines, or (with {@code --json}) exactly one JSON document on stdout.
 * {@code --quiet} drops informational text but never the data a command was asked for (ls, get, info, stat).
 */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final PrintStream out;
    private final OutputOptions options;

    Output(PrintStream out, OutputOptions options) {
        this.out = out;
        this.options = options;
    }

    boolean json() {
        return options.json;
    }

    boolean quiet() {
        return options.quiet;
    }

    boolean debug() {
        return options.debug;
    }

    PrintStream stream() {
        return out;
    }

    /** Informational text: not with --json or --quiet. */
    void info(String format, Object... args) {
        if (!options.json && !options.quiet) {
            out.printf(format + "%n", args);
        }
    }

    /** Data asked for (a listing, a descriptor): not with --json. */
    void data(String format, Object... args) {
        if (!options.json) {
            out.printf(format + "%n", args);
        }
    }

    /** The JSON document of this command: only with --json. */
    void document(Object document) {
        if (options.json) {
            out.println(toJson(document));
        }
    }

    static String toJson(Object document) {
        return write(JSON, document);
    }

    /** On one line (JSON lines output). */
    static String toCompactJson(Object document) {
        return write(COMPACT, document);
    }

    private static String write(ObjectMapper mapper, Object document) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output: " + e.getOriginalMessage(), e);
        }
    }
}
