/** Runnable examples of the Coffre API: the health-records demo and the README's library snippet. */
module fr.coffre.examples {
    requires fr.coffre.core;
    requires com.fasterxml.jackson.databind;

    exports fr.coffre.examples;
}
