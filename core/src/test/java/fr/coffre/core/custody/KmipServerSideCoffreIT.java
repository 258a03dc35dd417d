package fr.coffre.core.custody;

/** KMIP server-side wrapping: the master key never leaves the KMS. */
class KmipServerSideCoffreIT extends KmipCoffreContract {
    @Override
    protected String mode() {
        return "server-side";
    }
}
