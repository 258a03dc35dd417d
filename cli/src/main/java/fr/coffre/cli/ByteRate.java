package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import java.util.Locale;

/** {@code --max-rate}: bytes per second, with an optional K, M or G suffix (powers of 1024), e.g. {@code 50M}. */
final class ByteRate {
    private ByteRate() {
    }

    static long parse(String value) {
        if (value == null || !value.matches("[0-9]{1,12}[KMGkmg]?")) {
            throw new InvalidInputException("--max-rate: must be bytes per second with an optional K, M or G"
                    + " suffix (e.g. 50M), was '" + value + "'");
        }
        char last = Character.toUpperCase(value.charAt(value.length() - 1));
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long n = Long.parseLong(shift == 0 ? value : value.substring(0, value.length() - 1).toLowerCase(Locale.ROOT));
        if (n < 1) {
            throw new InvalidInputException("--max-rate: must be at least 1 byte per second, was '" + value + "'");
        }
        return n << shift;
    }
}
