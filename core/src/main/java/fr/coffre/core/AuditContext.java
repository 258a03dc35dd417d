package fr.coffre.core;

import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditRecord;
import java.util.List;
import java.util.function.Supplier;

/**
 * Who is acting and why, for one {@link Coffre} view: runs each operation, then appends its record (outcome "ok" or
 * the exception's simple class name) to the registry's trail. Under a policy with {@link Policy#requireReason()},
 * a data access without a reason is refused before it starts.
 */
final class AuditContext {
    static final int MAX_CHARS = 256;
    private final KeyRegistry registry;
    private final String principal;
    private final String reason;
    private final String vault;
    private final String store;
    private final boolean requireReason;
    private final boolean recording;

    AuditContext(KeyRegistry registry, String principal, String reason, String vault, String store,
            boolean requireReason, boolean recording) {
        this.registry = registry;
        this.principal = check("principal", principal);
        this.reason = check("reason", reason);
        this.vault = vault;
        this.store = store;
        this.requireReason = requireReason;
        this.recording = recording;
    }

    static String check(String field, String value) {
        if (value != null && (value.isBlank() || value.length() > MAX_CHARS
                || value.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidInputException(field + ": must have 1 to " + MAX_CHARS
                    + " characters, not blank, no control characters");
        }
        return value;
    }

    AuditContext withReason(String newReason) {
        if (newReason == null) {
            throw new InvalidInputException("reason: must be non-null");
        }
        return new AuditContext(registry, principal, newReason, vault, store, requireReason, recording);
    }

    /** Runs a data access: refused without a reason under the policy, recorded whatever its outcome. */
    <T> T access(String action, String name, String subject, Supplier<T> op) {
        return access(action, name, subject, () -> { }, op);
    }

    /**
     * {@link #access(String, String, String, Supplier)}, with {@code precheck} run once the reason rule passed and
     * before the access starts: what it throws (the store belongs to another registry) is not recorded, since nothing
     * was accessed and the trail is not this store's.
     */
    <T> T access(String action, String name, String subject, Runnable precheck, Supplier<T> op) {
        if (requireReason && reason == null) {
            PolicyViolationException refused = new PolicyViolationException(Policy.ACCESS_REASON, "reason", action
                    + ": the policy requires a reason for every access (Coffre.withReason, --reason)");
            record(action, name, subject, refused.getClass().getSimpleName());
            throw refused;
        }
        precheck.run();
        return run(action, name, subject, op);
    }

    /** Runs an operation and records it. */
    <T> T run(String action, String name, String subject, Supplier<T> op) {
        T result;
        try {
            result = op.get();
        } catch (RuntimeException | Error e) {
            record(action, name, subject, e.getClass().getSimpleName());
            throw e;
        }
        record(action, name, subject, AuditRecord.OK);
        return result;
    }

    /** Appends the destruction certificate of a shred of {@code subject} (called under the registry lock). */
    void certify(String subject, List<String> destroyedKeys) {
        registry.certify(principal, vault, store, subject, reason, destroyedKeys);
    }

    /**
     * Records that a store is used only because the policy grants an exception for its provider's jurisdiction
     * (action {@code policy-exception}; {@code reason} holds the exception and its justification): written each time
     * a {@link Coffre} is built on such a store, so the trail shows every use of the exception.
     */
    void recordPolicyException(Transfer t) {
        if (!recording) {
            return;
        }
        String what = "provider jurisdiction " + t.providerJurisdiction() + " allowed by exception: "
                + t.justification().replaceAll("\\p{Cntrl}", " ");
        String bounded = what.length() <= MAX_CHARS ? what : what.substring(0, MAX_CHARS - 1) + "\u2026";
        registry.auditSink().append(AuditRecord.event(principal, "policy-exception", vault, t.provider(), null, null,
                bounded, AuditRecord.OK));
    }

    private void record(String action, String name, String subject, String outcome) {
        if (!recording) {
            return;
        }
        String object = name == null ? null : registry.auditPseudonym("object", vault + "/" + name);
        String subjectId = subject == null ? null : registry.auditPseudonym("subject", subject);
        registry.auditSink().append(AuditRecord.event(principal, action, vault, store, object, subjectId, reason,
                outcome));
    }
}
