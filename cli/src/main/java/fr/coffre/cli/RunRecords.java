package fr.coffre.cli;

import fr.coffre.CoffreException;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Records a {@code migrate}, {@code verify} or {@code repair} run in the audit trail once it ended (issue: every
 * run is audited): the copy itself needs no key, but the record needs the custody that holds the trail's key, so
 * these commands open the registry of their settings afterwards. A run that could not be recorded is said on stderr
 * and a successful one then exits {@link ExitCodes#OTHER}.
 */
final class RunRecords {
    private RunRecords() {
    }

    /** Runs {@code run} (an exit code), then records {@code action} with its outcome; rethrows what it threw. */
    static int recorded(Settings settings, PrintStream err, String action, Supplier<String> store,
            Supplier<Integer> run) {
        int code;
        try {
            code = run.get();
        } catch (RuntimeException e) {
            record(settings, err, action, store, e.getClass().getSimpleName());
            throw e;
        }
        boolean recorded = record(settings, err, action, store, outcome(code));
        return code == ExitCodes.OK && !recorded ? ExitCodes.OTHER : code;
    }

    static String outcome(int code) {
        return switch (code) {
            case ExitCodes.OK -> "ok";
            case ExitCodes.DIFFERENCES -> "differences";
            case ExitCodes.MIGRATION_INCOMPLETE -> "incomplete";
            case ExitCodes.TAMPERED -> "tampered";
            default -> "exit-" + code;
        };
    }

    private static boolean record(Settings settings, PrintStream err, String action, Supplier<String> store,
            String outcome) {
        return appendToTrail(settings, err, action, registry -> registry.recordRun(settings.principal(), action,
                settings.vault(), store.get(), settings.reason(), outcome));
    }

    /**
     * Opens the registry of {@code settings} and lets {@code append} write to its trail; false, said on stderr
     * naming {@code command}, if the trail cannot take it (e.g. too damaged to append to, or custody unreachable).
     */
    static boolean appendToTrail(Settings settings, PrintStream err, String command,
            java.util.function.Consumer<fr.coffre.core.KeyRegistry> append) {
        try (Session session = new Session(settings, settings.vault(), err, Session.Scope.REGISTRY)) {
            append.accept(session.registry);
            return true;
        } catch (CoffreException e) {
            err.println("coffre: " + command + ": this run could not be recorded in the audit trail ("
                    + e.getClass().getSimpleName() + ")");
            return false;
        }
    }
}
