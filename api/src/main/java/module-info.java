/**
 * What every Coffre module shares, with no dependency: the unchecked exception tree rooted in
 * {@link fr.coffre.CoffreException}, {@link fr.coffre.SecretBytes} (destroyable key material), {@link fr.coffre.KeyRef}
 * and the one parser of store and custody URI queries ({@link fr.coffre.UriQuery}).
 */
module fr.coffre.api {
    exports fr.coffre;
}
