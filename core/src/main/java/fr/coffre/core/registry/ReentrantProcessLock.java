package fr.coffre.core.registry;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock {@link RegistryStorage#lock()} returns, for backends to build on: a thread lock, reentrant, plus a lock
 * shared with other processes (a file lock, a database advisory lock) taken by the outermost hold only and released
 * when it ends.
 */
public final class ReentrantProcessLock {
    /** Takes the cross-process lock, blocking; returns what releases it. */
    @FunctionalInterface
    public interface Acquirer {
        Runnable acquire();
    }

    private final ReentrantLock local = new ReentrantLock();
    private final Acquirer acquirer;
    private Runnable release; // guarded by local, set while the outermost hold lasts

    public ReentrantProcessLock(Acquirer acquirer) {
        this.acquirer = acquirer;
    }

    public RegistryStorage.Held lock() {
        local.lock();
        if (local.getHoldCount() == 1) {
            try {
                release = acquirer.acquire();
            } catch (RuntimeException e) {
                local.unlock();
                throw e;
            }
        }
        return this::unlock;
    }

    private void unlock() {
        try {
            if (local.getHoldCount() == 1 && release != null) {
                Runnable r = release;
                release = null;
                r.run();
            }
        } finally {
            local.unlock();
        }
    }

    /** Runs {@code action} under the thread lock alone (e.g. to close what the acquirer uses). */
    public void withThreadLock(Runnable action) {
        local.lock();
        try {
            action.run();
        } finally {
            local.unlock();
        }
    }
}
