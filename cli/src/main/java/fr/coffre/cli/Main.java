package fr.coffre.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code coffre} command line, on picocli: one class per command, exit codes from {@link ExitCodes}, failures
 * printed by {@link ErrorReport}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Io io = new Io(System.in, out, System.err, System.getenv(), System.console() != null);
        int code = run(args, io);
        out.flush();
        System.exit(code);
    }

    /** Runs one command line without a terminal (tests); returns the exit code. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, new Io(in, out, err, env, false));
    }

    static int run(String[] args, Io io) {
        List<String> options = optionsPart(args);
        boolean debug = options.contains("--debug");
        boolean json = options.contains("--json");
        Logging.configure(debug);
        CommandLine cli = commandLine(io);
        cli.setParameterExceptionHandler((e, a) -> ErrorReport.print(rephrase(e), hint(e), io, json, debug));
        cli.setExecutionExceptionHandler((e, c, parsed) -> ErrorReport.print(e, null, io, json(parsed), debug));
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
            io.out().flush();
        }
    }

    static CommandLine commandLine(Io io) {
        CommandLine cli = new CommandLine(new CoffreCommand(io));
        cli.setOut(new PrintWriter(io.out(), true));
        cli.setErr(new PrintWriter(io.err(), true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        cli.setOverwrittenOptionsAllowed(true);
        cli.setUsageHelpWidth(110);
        cli.setExitCodeExceptionMapper(new ExitCodes());
        return cli;
    }

    /** The arguments before {@code --} (after it, everything is a positional argument). */
    private static List<String> optionsPart(String[] args) {
        List<String> all = Arrays.asList(args);
        int end = all.indexOf("--");
        return end < 0 ? all : all.subList(0, end);
    }

    private static boolean json(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }

    /** Once, after a command-line shape error: where the usage of that command is. */
    private static String hint(ParameterException e) {
        CommandLine c = e.getCommandLine();
        return c.getParent() == null ? "(see: coffre help)" : "(see: coffre help " + c.getCommandName() + ")";
    }

    /** {@code coffre frobnicate}: picocli says "unmatched argument", the user typed an unknown command. */
    private static ParameterException rephrase(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && e.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return new ParameterException(e.getCommandLine(), "unknown command '" + u.getUnmatched().get(0) + "'", e);
        }
        return e;
    }
}
