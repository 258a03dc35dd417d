/**
 * The {@code coffre} command line: one picocli command class per command, over the {@code fr.coffre.core} API only.
 * Exports nothing: the library never knows the command line.
 */
module fr.coffre.cli {
    requires fr.coffre.core;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires java.logging;

    // picocli fills the annotated command fields; Jackson reads coffre.yaml into the configuration records
    opens fr.coffre.cli to info.picocli, com.fasterxml.jackson.databind;
}
