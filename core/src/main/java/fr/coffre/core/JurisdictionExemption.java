package fr.coffre.core;

import fr.coffre.InvalidInputException;

/**
 * An exception (an exemption) to a {@link Policy}'s provider-jurisdiction rule: stores whose provider is under
 * {@code jurisdiction} (ISO 3166-1 alpha-2, e.g. {@code US} for Azure) are allowed for the stated
 * {@code justification} (e.g. "every byte is encrypted client-side under keys held in France; see DPIA-2026-04").
 * A value for the compliance report and the audit trail; not a {@link Throwable}.
 */
public record JurisdictionExemption(String jurisdiction, String justification) {
    public JurisdictionExemption {
        if (!Policy.validCountry(jurisdiction)) {
            throw new InvalidInputException("exceptions: jurisdiction must be an ISO 3166-1 alpha-2 code in upper"
                    + " case such as US, was " + (jurisdiction == null ? "null" : jurisdiction.length() <= 16
                    ? "'" + jurisdiction + "'" : jurisdiction.length() + " characters"));
        }
        if (justification == null || justification.isBlank()) {
            throw new InvalidInputException("exceptions: justification of " + jurisdiction + " must be non-blank:"
                    + " an exception states why it is acceptable");
        }
        justification = justification.strip();
        if (justification.length() > Policy.maxJustificationChars()
                || justification.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("exceptions: justification of " + jurisdiction + " must have at most "
                    + Policy.maxJustificationChars() + " characters and no control character, had "
                    + justification.length() + " characters");
        }
    }
}
