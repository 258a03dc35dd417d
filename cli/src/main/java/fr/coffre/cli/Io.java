package fr.coffre.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What one run of the command line talks to: standard streams, environment, and whether stderr is a terminal
 * (then, and only then, progress bars are drawn).
 */
record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
}
