/**
 * The {@link fr.coffre.core.Coffre} API applications embed: encrypted records and blobs, encrypted names, the key
 * registry, rotation and crypto-shredding. Reads the object stores only through the {@code fr.coffre.store} SPI and
 * custody only through {@code fr.coffre.custody}.
 */
module fr.coffre.core {
    requires transitive fr.coffre.api;
    requires transitive fr.coffre.crypto;
    requires transitive fr.coffre.custody;
    requires transitive fr.coffre.providers;
    requires com.fasterxml.jackson.databind;

    exports fr.coffre.core;
    exports fr.coffre.core.migration;
    exports fr.coffre.core.audit;
    exports fr.coffre.core.registry;
    // registry entries are read and written by Jackson
    opens fr.coffre.core to com.fasterxml.jackson.databind;
}
