package fr.coffre.custody.kmip;

import fr.coffre.KeyUnavailableException;
import fr.coffre.custody.internal.ChangeMutex;
import java.util.List;

/**
 * The change lock's objects on a KMIP server: Secret Data objects named {@code <namespace>:change-lock}, each
 * holding a {@link ChangeMutex} value, told apart by their unique identifiers; left pre-active, destroyed on release.
 */
final class KmipChangeLocks implements ChangeMutex.Objects {
    private final KmipOperations ops;
    private final String name;

    KmipChangeLocks(KmipOperations ops, String namespace) {
        this.ops = ops;
        this.name = namespace + ":change-lock";
    }

    @Override
    public String create(byte[] value) {
        return refused(() -> ops.registerSecretData(name, value));
    }

    @Override
    public List<String> list() {
        return refused(() -> ops.locate(name, KmipOperations.OBJECT_SECRET_DATA).stream().sorted().toList());
    }

    @Override
    public byte[] read(String handle) {
        try {
            return ops.getMaterial(handle);
        } catch (KmipClient.KmipFailure e) {
            return null; // destroyed meanwhile: its holder released it
        }
    }

    @Override
    public void delete(String handle) {
        try {
            ops.destroy(handle);
        } catch (KmipClient.KmipFailure e) {
            // already gone
        }
    }

    private <T> T refused(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KmipClient.KmipFailure e) {
            throw new KeyUnavailableException("KMIP: the server refused the change lock (" + name + ")", e);
        }
    }
}
