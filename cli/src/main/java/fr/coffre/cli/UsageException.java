package fr.coffre.cli;

import fr.coffre.InvalidInputException;

/** Wrong command-line shape found after parsing, e.g. two options that exclude each other (exit code 2). */
final class UsageException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
