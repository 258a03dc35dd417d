package fr.coffre.core;

import fr.coffre.custody.CustodyDescriptor;
import java.util.Set;
import java.util.TreeSet;

/** Deployment policy checks run when a registry or a Coffre instance is built. */
final class Policy {
    static final Set<String> DEFAULT_JURISDICTIONS = Set.of("FR");

    private Policy() {
    }

    /** @throws PolicyViolationException if the custody's jurisdiction is not allowed */
    static void checkCustody(CustodyDescriptor custody, Set<String> allowedJurisdictions) {
        if (!allowedJurisdictions.contains(custody.jurisdiction())) {
            throw new PolicyViolationException("custody: jurisdiction " + custody.jurisdiction() + " of "
                    + custody.scheme() + " custody is not allowed; allowed: " + new TreeSet<>(allowedJurisdictions));
        }
    }
}
