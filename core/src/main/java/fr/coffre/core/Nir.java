package fr.coffre.core;

import fr.coffre.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * French NIR (numéro d'inscription au répertoire, "numéro de sécurité sociale"): 13 characters (sex, year, month,
 * department with Corsica's 2A/2B, commune, order) and a 2-digit key = 97 − (number mod 97), 2A counted as 19 and
 * 2B as 18. Spaces are ignored. Messages never quote the identifier.
 */
final class Nir {
    private static final Pattern FORMAT = Pattern.compile("[1-478]\\d{4}(\\d{2}|2[AB])\\d{6}\\d{2}");

    private Nir() {
    }

    /** The NIR without spaces, Corsica in upper case. */
    static String canonical(String nir) {
        if (nir == null) {
            throw new InvalidInputException("nir: must be non-null");
        }
        String c = nir.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!FORMAT.matcher(c).matches()) {
            throw new InvalidInputException("nir: must be 13 characters (sex 1-4, 7 or 8, year, month, department"
                    + " with 2A/2B, commune, order) and a 2-digit key, spaces ignored; the value given ("
                    + c.length() + " characters without spaces) is not (value not shown)");
        }
        long number = Long.parseLong(c.substring(0, 13).replace("2A", "19").replace("2B", "18"));
        int key = Integer.parseInt(c.substring(13));
        if (key != 97 - number % 97) {
            throw new InvalidInputException("nir: the key (last 2 digits) does not match the 13 characters before it"
                    + " (value not shown)");
        }
        return c;
    }
}
