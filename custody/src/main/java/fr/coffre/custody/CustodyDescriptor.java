package fr.coffre.custody;

import fr.coffre.InvalidInputException;
import java.util.Locale;

/**
 * What a custody is and where it is: {@code scheme} ({@code keystore}, {@code pkcs11}, {@code kmip}), a
 * human-readable {@code endpoint} (a file path, a token label, a host:port; never a credential) and a
 * {@code jurisdiction} label (ISO 3166-1 alpha-2, e.g. {@code FR}) used by the policy layer to refuse custody
 * outside the allowed jurisdictions. Invalid components raise {@link InvalidInputException} naming the field.
 */
public record CustodyDescriptor(String scheme, String endpoint, String jurisdiction) {
    public CustodyDescriptor {
        if (scheme == null || scheme.isBlank()) {
            throw new InvalidInputException("scheme: must be non-blank, was " + scheme);
        }
        if (endpoint == null) {
            throw new InvalidInputException("endpoint: must be non-null");
        }
        if (jurisdiction == null || !jurisdiction.matches("[A-Z]{2}")) {
            throw new InvalidInputException("jurisdiction: must be an ISO 3166-1 alpha-2 code such as FR, was " + jurisdiction);
        }
        jurisdiction = jurisdiction.toUpperCase(Locale.ROOT);
    }
}
