package fr.coffre.cli;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Library logs (jclouds through java.util.logging; AWS SDK, MinIO and Azure through SLF4J, bound to
 * java.util.logging by slf4j-jdk14) reach the terminal only with {@code --debug}.
 */
final class Logging {
    private Logging() {
    }

    static void configure(boolean debug) {
        LogManager manager = LogManager.getLogManager();
        if (debug) {
            try {
                manager.readConfiguration();
            } catch (IOException e) {
                throw new IllegalStateException("logging configuration: " + e.getClass().getSimpleName(), e);
            }
        } else {
            manager.reset();
            Logger.getLogger("").setLevel(Level.OFF);
        }
    }
}
