package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.core.PolicyViolationException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.StoreUnavailableException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void oneMappingOverTheExceptionTree() {
        assertEquals(2, ExitCodes.of(new InvalidInputException("x")));
        assertEquals(2, ExitCodes.of(new UsageException("x")));
        assertEquals(2, ExitCodes.of(new ConfigFile.SecretInConfigException("x")));
        assertEquals(2, ExitCodes.of(new UncheckedIOException(new NoSuchFileException("/x"))));
        assertEquals(3, ExitCodes.of(new ObjectNotFoundException("x")));
        assertEquals(3, ExitCodes.of(new ContainerNotFoundException("x", null)));
        assertEquals(4, ExitCodes.of(new TamperedObjectException("x")));
        assertEquals(5, ExitCodes.of(new KeyDestroyedException("x")));
        assertEquals(6, ExitCodes.of(new PolicyViolationException("x")));
        assertEquals(7, ExitCodes.of(new AccessDeniedException("x", null)));
        assertEquals(1, ExitCodes.of(new StoreUnavailableException("x", null)));
        assertEquals(1, ExitCodes.of(new CoffreException("x")));
        assertEquals(1, ExitCodes.of(new IllegalStateException("x")));
    }

    @Test
    void aMissingContainerSaysHowToCreateIt() {
        assertTrue(ErrorReport.describe(new ContainerNotFoundException("list on s3:x/b: bucket 'b' does not exist", null))
                .endsWith("(create it with: coffre mb --store ...)"));
    }
}
