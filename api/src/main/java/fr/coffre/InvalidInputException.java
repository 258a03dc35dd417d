package fr.coffre;

/** A caller passed a value that breaks a documented rule; the message names the field, the rule and the value. */
public class InvalidInputException extends CoffreException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
