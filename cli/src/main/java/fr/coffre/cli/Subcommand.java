package fr.coffre.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: the output options (before or after its name) and the run's streams. */
abstract class Subcommand implements Callable<Integer> {
    /** This command's spec: its root is {@code coffre} also for a command under a group such as {@code audit}. */
    @Spec
    CommandSpec subcommandSpec;

    @Mixin
    OutputOptions outputOptions;

    /** The {@code coffre} command: the options given before the command name, and the run's streams. */
    CoffreCommand root() {
        return (CoffreCommand) subcommandSpec.root().userObject();
    }

    Io io() {
        return root().io;
    }

    Output output() {
        return new Output(io().out(), OutputOptions.merge(root().outputOptions, outputOptions));
    }

    Progress progress(String label, long totalBytes, int totalFiles) {
        return Progress.of(io(), output(), label, totalBytes, totalFiles);
    }
}
