package fr.coffre.core.custody;

/** KMIP fetch-then-wrap (servers without KMIP Encrypt/Decrypt): the master key visits the JVM for one call. */
class KmipFetchThenWrapCoffreIT extends KmipCoffreContract {
    @Override
    protected String mode() {
        return "fetch-then-wrap";
    }
}
