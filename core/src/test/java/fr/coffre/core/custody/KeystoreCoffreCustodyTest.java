package fr.coffre.core.custody;

import fr.coffre.custody.CustodyUri;
import java.util.Map;

/** The custody contract on a BCFKS keystore opened from a keystore: URI (no server needed). */
class KeystoreCoffreCustodyTest extends CoffreCustodyContract {
    @Override
    protected String custodyUri() {
        return "keystore:" + tmp.resolve("keys/keystore.bcfks");
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of(CustodyUri.KEYSTORE_PASSWORD_ENV, "test-only-keystore-password-5d1e");
    }
}
