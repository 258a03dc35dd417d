package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed command line: the command, its positional arguments and its options (anywhere on the line). */
record Invocation(String command, List<String> args, Map<String, List<String>> options) {
    private static final Set<String> WITH_VALUE = Set.of("--store", "--custody", "--keystore", "--registry",
            "--master-key", "--allow-jurisdiction", "--vault", "--subject", "--collection", "--content-type", "--meta");
    private static final Set<String> FLAGS = Set.of("--debug", "--help", "-h");

    static Invocation parse(String[] argv) {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            if (WITH_VALUE.contains(name)) {
                String value;
                if (!name.equals(a)) {
                    value = a.substring(name.length() + 1);
                } else if (i + 1 < argv.length) {
                    value = argv[++i];
                } else {
                    throw new InvalidInputException(name + ": needs a value");
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (FLAGS.contains(a)) {
                options.computeIfAbsent(a, k -> new ArrayList<>()).add("");
            } else if (a.startsWith("--") && a.length() > 2) {
                throw new InvalidInputException("unknown option " + a + " (see: coffre help)");
            } else {
                positional.add(a);
            }
        }
        boolean help = options.containsKey("--help") || options.containsKey("-h");
        String command = help ? "help" : positional.isEmpty() ? "help" : positional.remove(0);
        return new Invocation(command, positional, options);
    }

    String option(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    /** Checks the number of positional arguments. */
    void expect(int min, int max, String usage) {
        if (args.size() < min || args.size() > max) {
            throw new UsageException("usage: coffre " + usage);
        }
    }

    /** Wrong command-line shape (exit code 2). */
    static final class UsageException extends InvalidInputException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
