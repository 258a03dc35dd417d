package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.coffre.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StoreLocatorTest {
    @Nested
    class Parse {
        @Test
        void defaultRelativeFileUriResolvesAgainstTheWorkingDirectory() {
            assertEquals(Path.of("coffre-data/store").toAbsolutePath().normalize(),
                    StoreLocator.directory(StoreLocator.DEFAULT_URI));
        }

        @Test
        void absoluteFileUriAndMemoryStoreParse() {
            assertEquals(Path.of("/tmp/some/store"), StoreLocator.directory("file:///tmp/some/store"));
            assertNull(StoreLocator.directory("mem:"));
        }

        @Test
        void credentialsInUriAreRefusedWithoutEchoingThem() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> StoreLocator.parse("s3://bucket?endpoint=http://127.0.0.1:1&region=x&secret=hunter2"));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }
}
