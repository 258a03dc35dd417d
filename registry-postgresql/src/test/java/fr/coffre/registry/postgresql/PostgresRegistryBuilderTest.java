package fr.coffre.registry.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder fails fast, before any connection, naming the field and the rule; it never shows a password. */
class PostgresRegistryBuilderTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:1/coffre";

    private static PostgresRegistry.Builder valid() {
        return PostgresRegistry.builder().jdbcUrl(URL).user("coffre").password("s3cret-pw".toCharArray());
    }

    private static String refusal(PostgresRegistry.Builder b) {
        return assertThrows(InvalidInputException.class, b::build).getMessage();
    }

    @Nested
    class JdbcUrl {
        @Test
        void mustBeAPostgresqlUrl() {
            assertTrue(refusal(valid().jdbcUrl("jdbc:mysql://h/db")).startsWith("jdbcUrl: must be jdbc:postgresql://"));
            assertTrue(refusal(valid().jdbcUrl(null)).startsWith("jdbcUrl: "));
        }

        @Test
        void mustNotCarryCredentialsAndNeverEchoesThem() {
            String m = refusal(valid().jdbcUrl(URL + "?ssl=true&password=leaked-pw"));
            assertTrue(m.startsWith("jdbcUrl: must not carry credentials (password=...)"), m);
            assertFalse(m.contains("leaked-pw"), m);
            assertTrue(refusal(valid().jdbcUrl(URL + "?user=x")).contains("user=..."));
        }
    }

    @Nested
    class Fields {
        @Test
        void userSchemaPoolAndTimeoutAreChecked() {
            assertTrue(refusal(valid().user(null)).startsWith("user: must match"));
            assertTrue(refusal(valid().schema("Bad-Schema")).startsWith("schema: must match"));
            assertEquals("maxPoolSize: must be in [2, 100], was 1", refusal(valid().maxPoolSize(1)));
            assertTrue(refusal(valid().connectTimeout(java.time.Duration.ZERO)).startsWith("connectTimeout: "));
        }
    }

    @Nested
    class Password {
        @Test
        void isRequired() {
            assertEquals("password: must be set (passwordEnv, passwordFile or password)",
                    refusal(PostgresRegistry.builder().jdbcUrl(URL).user("coffre")));
        }

        @Test
        void fromAnUnsetEnvironmentVariableIsRefusedByName() {
            String m = refusal(valid().passwordEnv("COFFRE_PG_PW").environment(Map.<String, String>of()::get));
            assertEquals("passwordEnv: environment variable 'COFFRE_PG_PW' must be set and non-empty", m);
        }

        @Test
        void fromAnEmptyFileIsRefused(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("pw"), "\n");
            assertTrue(refusal(valid().passwordFile(file)).startsWith("passwordFile: "));
            assertTrue(refusal(valid().passwordFile(dir.resolve("missing"))).startsWith("passwordFile: cannot read"));
        }

        @Test
        void neverAppearsInTheBuildersToString() {
            String shown = valid().toString();
            assertFalse(shown.contains("s3cret-pw"), shown);
            assertTrue(shown.contains("password redacted"), shown);
        }
    }
}
