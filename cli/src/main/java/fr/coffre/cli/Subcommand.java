package fr.coffre.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every command has: the output options (before or after its name) and the run's streams. */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    CoffreCommand root;

    @Mixin
    OutputOptions outputOptions;

    Io io() {
        return root.io;
    }

    Output output() {
        return new Output(io().out(), OutputOptions.merge(root.outputOptions, outputOptions));
    }

    Progress progress(String label, long totalBytes, int totalFiles) {
        return Progress.of(io(), output(), label, totalBytes, totalFiles);
    }
}
