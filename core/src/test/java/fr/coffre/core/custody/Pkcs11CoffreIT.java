package fr.coffre.core.custody;

import java.util.Map;

/** The custody contract on the SoftHSM2 token of scripts/servers/softhsm.sh, opened from a pkcs11: URI. */
class Pkcs11CoffreIT extends CoffreCustodyContract {
    @Override
    protected String custodyUri() {
        return ItCustody.pkcs11Uri();
    }

    @Override
    protected Map<String, String> environment() {
        return ItCustody.pkcs11Env();
    }
}
