package fr.coffre.cli;

import picocli.CommandLine.Option;

/** {@code --json}, {@code --quiet}, {@code --debug}: taken by every command, before or after its name. */
final class OutputOptions {
    @Option(names = "--json", description = "print one JSON document on stdout instead of text")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "no progress and no informational messages")
    boolean quiet;

    @Option(names = "--debug", description = "stack traces on errors and library logs on stderr")
    boolean debug;

    /** The options given before the command name, or after it. */
    static OutputOptions merge(OutputOptions before, OutputOptions after) {
        OutputOptions merged = new OutputOptions();
        merged.json = before.json || after.json;
        merged.quiet = before.quiet || after.quiet;
        merged.debug = before.debug || after.debug;
        return merged;
    }
}
