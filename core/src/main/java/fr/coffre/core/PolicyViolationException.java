package fr.coffre.core;

import fr.coffre.CoffreException;

/**
 * A configuration breaks the deployment policy (for example a store outside the allowed countries, or custody
 * outside the allowed jurisdictions). {@link #rule()} names the {@link Policy} rule (e.g.
 * {@value Policy#STORE_COUNTRY}) and {@link #setting()} the offending setting (e.g. {@code store.regionCountry});
 * both are also in the message, which never holds a credential.
 */
public class PolicyViolationException extends CoffreException {
    private static final long serialVersionUID = 1L;
    private final String rule;
    private final String setting;

    public PolicyViolationException(String message) {
        this(null, null, message);
    }

    public PolicyViolationException(String rule, String setting, String message) {
        super(message);
        this.rule = rule;
        this.setting = setting;
    }

    /** The rule broken, or {@code null} if not given. */
    public String rule() {
        return rule;
    }

    /** The offending setting, or {@code null} if not given. */
    public String setting() {
        return setting;
    }
}
