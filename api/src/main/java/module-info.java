/**
 * Coffre's dependency-free base: the exception root and its typed subclasses, {@link fr.coffre.SecretBytes} and
 * {@link fr.coffre.KeyRef}. Every other Coffre module reads it.
 */
module fr.coffre.api {
    exports fr.coffre;
}
