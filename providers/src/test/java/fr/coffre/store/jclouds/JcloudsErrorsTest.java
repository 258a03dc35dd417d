package fr.coffre.store.jclouds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.internal.RedactedCause;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import org.jclouds.blobstore.KeyNotFoundException;
import org.jclouds.http.HttpCommand;
import org.jclouds.http.HttpRequest;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;
import org.jclouds.rest.InsufficientResourcesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What jclouds throws (built from jclouds' own exception classes) becomes a typed, redacted Coffre exception. */
class JcloudsErrorsTest {

    private static final String SECRET_URL = "https://acct.blob.core.windows.net/c/x?sv=2020&sig=TOPSECRET";
    private final JcloudsErrors errors = new JcloudsErrors(
            new StoreDescriptor("azure", "https://acct.blob.core.windows.net", "c-1", null, "US"));

    private static HttpResponseException http(int status) {
        HttpRequest request = HttpRequest.builder().method("GET").endpoint(SECRET_URL).build();
        HttpResponse response = HttpResponse.builder().statusCode(status).message("status " + status).build();
        return new HttpResponseException(new HttpCommand(request), response);
    }

    private static void assertRedacted(RuntimeException mapped) {
        for (Throwable t = mapped; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("TOPSECRET"), "leaks: " + t.getMessage());
            if (t != mapped) {
                assertEquals(RedactedCause.class, t.getClass(), "causes must be redacted copies");
            }
        }
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "401, AccessDeniedException", "403, AccessDeniedException", "404, ObjectNotFoundException",
        "408, StoreUnavailableException", "429, StoreUnavailableException", "500, StoreUnavailableException",
        "503, StoreUnavailableException", "400, StoreException", "409, StoreException", "413, StoreException"})
    void httpStatuses(int status, String expected) {
        RuntimeException mapped = errors.map(http(status), "get", "ab/cd");
        assertEquals(expected, mapped.getClass().getSimpleName());
        assertTrue(mapped.getMessage().startsWith("get 'ab/cd' on azure:https://acct.blob.core.windows.net/c-1"),
                mapped.getMessage());
        assertTrue(mapped.getMessage().contains("(HTTP " + status + ")"), mapped.getMessage());
        assertRedacted(mapped);
    }

    @Test
    void tooLargeSaysSoAndIsPermanent() {
        // Swift's SwiftErrorHandler wraps a 413 in InsufficientResourcesException: the status is found in its cause
        RuntimeException mapped = errors.map(new InsufficientResourcesException("too big " + SECRET_URL, http(413)),
                "put", "ab/cd");
        assertEquals(StoreException.class, mapped.getClass());
        assertTrue(mapped.getMessage().contains("the object is larger than the store accepts (HTTP 413)"),
                mapped.getMessage());
        assertRedacted(mapped);
    }

    @Test
    void notFoundWithoutObjectIsTheContainer() {
        RuntimeException mapped = errors.map(http(404), "list", null);
        assertEquals(ContainerNotFoundException.class, mapped.getClass());
        assertTrue(mapped.getMessage().contains("container 'c-1' does not exist"), mapped.getMessage());
    }

    @Test
    void jcloudsTypedExceptions() {
        assertEquals(ContainerNotFoundException.class, errors.map(
                new org.jclouds.blobstore.ContainerNotFoundException("c-1", SECRET_URL), "get", "x").getClass());
        assertEquals(ObjectNotFoundException.class,
                errors.map(new KeyNotFoundException("c-1", "x", SECRET_URL), "get", "x").getClass());
        RuntimeException denied = errors.map(new AuthorizationException(SECRET_URL), "put", "x");
        assertEquals(AccessDeniedException.class, denied.getClass());
        assertRedacted(denied);
    }

    @Test
    void wrappedCausesAreFound() {
        RuntimeException wrapped = new RuntimeException("wrapper " + SECRET_URL, http(503));
        RuntimeException mapped = errors.map(wrapped, "stat", "x");
        assertEquals(StoreUnavailableException.class, mapped.getClass());
        assertRedacted(mapped);
    }

    @Test
    void networkFailuresAreTransient() {
        RuntimeException timeout = new UncheckedIOException(new SocketTimeoutException("Read timed out " + SECRET_URL));
        assertEquals(StoreUnavailableException.class, errors.map(timeout, "get", "x").getClass());
        assertRedacted(errors.map(timeout, "get", "x"));
    }

    @Test
    void unknownFailuresAreStoreExceptionsAndCoffreExceptionsPassThrough() {
        RuntimeException mapped = errors.map(new IllegalStateException(SECRET_URL), "get", "x");
        assertEquals(StoreException.class, mapped.getClass());
        assertRedacted(mapped);
        InvalidInputException own = new InvalidInputException("name: bad");
        assertSame(own, errors.map(own, "get", "x"));
    }

    @Test
    void rangeNotSatisfiableIsRecognised() {
        assertTrue(JcloudsErrors.isRangeNotSatisfiable(new RuntimeException(http(416))));
        assertFalse(JcloudsErrors.isRangeNotSatisfiable(http(404)));
    }
}
