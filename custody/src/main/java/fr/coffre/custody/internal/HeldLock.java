package fr.coffre.custody.internal;

/** A lock being held ({@link HostFileLock}, {@link ChangeMutex}); closing releases it and never throws. */
@FunctionalInterface
public interface HeldLock extends AutoCloseable {
    @Override
    void close();
}
