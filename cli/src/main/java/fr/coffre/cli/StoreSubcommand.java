package fr.coffre.cli;

import picocli.CommandLine.Mixin;

/** A command that opens a store and a custody: it takes the store options, before or after its name. */
abstract class StoreSubcommand extends Subcommand {
    @Mixin
    StoreOptions storeOptions;

    Settings settings() {
        return Settings.resolve(StoreOptions.merge(root().storeOptions, storeOptions), io().env());
    }

    /** The settings with {@code store} (a URI or configured name) as the store, e.g. {@code --from} or {@code --to}. */
    Settings settingsFor(String store, String option) {
        StoreOptions merged = StoreOptions.merge(root().storeOptions, storeOptions);
        merged.store = store;
        try {
            return Settings.resolve(merged, io().env());
        } catch (fr.coffre.InvalidInputException e) {
            throw new fr.coffre.InvalidInputException(e.getMessage().replace("--store", option));
        }
    }

    Session session() {
        Settings s = settings();
        return new Session(s, s.vault(), io().err());
    }
}
