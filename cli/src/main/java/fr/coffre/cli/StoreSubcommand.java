package fr.coffre.cli;

import picocli.CommandLine.Mixin;

/** A command that opens a store and a custody: it takes the store options, before or after its name. */
abstract class StoreSubcommand extends Subcommand {
    @Mixin
    StoreOptions storeOptions;

    Settings settings() {
        return Settings.resolve(StoreOptions.merge(root.storeOptions, storeOptions), io().env());
    }

    Session session() {
        Settings s = settings();
        return new Session(s, s.vault(), io().err());
    }
}
