package fr.coffre.custody;

import fr.coffre.KeyUnavailableException;

/**
 * The PKCS#11 token refused the user PIN (incorrect, locked or expired). The custodian never presents the PIN again:
 * every later call, refresh and recovery fails with this exception until the custodian is closed and reopened with a
 * correct PIN, so a PIN changed on a token shared by several hosts cannot lock it through retries.
 */
public final class PinRefusedException extends KeyUnavailableException {
    private static final long serialVersionUID = 1L;

    public PinRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
