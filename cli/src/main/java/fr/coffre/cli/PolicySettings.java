package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.Policy;
import java.util.List;
import java.util.Set;

/**
 * The sovereignty policy of a command: {@code --policy PRESET}, else {@code policy.preset} of coffre.yaml, else
 * {@code development}; then the file's {@code allowStoreCountries} and {@code jurisdictionExceptions}, and the
 * custody jurisdictions ({@code --allow-jurisdiction}, else {@code policy.allowJurisdictions}, else the preset's).
 */
final class PolicySettings {
    private PolicySettings() {
    }

    static Policy resolve(String option, ConfigFile.Loaded loaded, Set<String> custodyJurisdictions) {
        CoffreConfig.Policy c = loaded.config().policy();
        String where = loaded.where() + ": policy";
        String preset = option != null ? option : c != null && c.preset() != null ? c.preset() : Policy.DEVELOPMENT;
        Policy.Builder b;
        try {
            b = Policy.preset(preset).toBuilder();
        } catch (InvalidInputException e) {
            throw new InvalidInputException((option != null ? "--policy" : where + ".preset") + ": "
                    + e.getMessage());
        }
        if (custodyJurisdictions != null) {
            b.allowCustodyJurisdictions(custodyJurisdictions);
        }
        if (c == null) {
            return b.build();
        }
        try {
            if (c.allowStoreCountries() != null) {
                b.allowStoreCountries(Set.copyOf(c.allowStoreCountries()));
            }
            for (CoffreConfig.JurisdictionException e : c.jurisdictionExceptions()) {
                b.allowJurisdiction(e.jurisdiction(), e.justification());
            }
            return b.build();
        } catch (InvalidInputException | NullPointerException e) {
            throw new InvalidInputException(where + ": " + (e instanceof NullPointerException
                    ? "allowStoreCountries: must not hold an empty entry" : e.getMessage()));
        }
    }

    static List<String> names() {
        return List.of(Policy.DEVELOPMENT, Policy.FR_HEALTH);
    }
}
