package fr.coffre.core;

/**
 * One line of the map of transfers: where one store puts the (encrypted) data and why the policy allows it.
 * {@code endpointHost} is null for local stores ({@code mem}, {@code file}), {@code region}, {@code country} and
 * {@code providerJurisdiction} when unknown; {@code justification} is set only for {@link Basis#EXCEPTION}.
 */
public record Transfer(String provider, String endpointHost, String region, String country,
        String providerJurisdiction, Basis basis, String justification) {

    /** Why a store is allowed. */
    public enum Basis {
        /** Every rule of the policy allows it. */
        RULE,
        /** The provider's jurisdiction is refused by rule and allowed by a justified exception. */
        EXCEPTION
    }

    @Override
    public String toString() {
        return provider + " at " + known(endpointHost, "local") + ", region " + known(region, "none") + ", data in "
                + known(country, "unknown") + ", provider jurisdiction " + known(providerJurisdiction, "unknown")
                + ": allowed by " + (basis == Basis.RULE ? "rule" : "exception (" + justification + ")");
    }

    private static String known(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
