package fr.coffre.core;

import fr.coffre.CoffreException;

/** A configuration breaks the deployment policy (for example custody outside the allowed jurisdictions). */
public class PolicyViolationException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public PolicyViolationException(String message) {
        super(message);
    }
}
