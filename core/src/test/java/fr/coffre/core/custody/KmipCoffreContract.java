package fr.coffre.core.custody;

import java.util.Map;

/** The custody contract on the PyKMIP server of scripts/servers/kmip.sh, in the mode a subclass names. */
abstract class KmipCoffreContract extends CoffreCustodyContract {
    /** {@code server-side} or {@code fetch-then-wrap}. */
    protected abstract String mode();

    @Override
    protected String custodyUri() {
        return ItCustody.kmipUri(mode(), "coffre-core-it");
    }

    @Override
    protected Map<String, String> environment() {
        return ItCustody.kmipEnv();
    }
}
