package fr.coffre.registry.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.core.registry.RegistryStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Opens a key registry kept in PostgreSQL, for fleets (every instance of an application, on every host, shares
 * it): {@code KeyRegistry.builder().storage(PostgresRegistry.builder()...build()).auditDirectory(...)}.
 *
 * <p>Required: {@link Builder#jdbcUrl} ({@code jdbc:postgresql://host:port/database}, without credentials),
 * {@link Builder#user}, and the password from {@link Builder#passwordEnv} or {@link Builder#passwordFile} (or
 * {@link Builder#password}). The password never appears in {@code toString}, messages or logs. The schema
 * ({@link Builder#schema}, default {@value #DEFAULT_SCHEMA}) is created by the library only when the registry
 * is built with {@code KeyRegistry.Builder.createIfMissing(true)} (otherwise a schema without a registry is a
 * {@code RegistryNotFoundException} and nothing is created), and migrated by it; one schema holds one
 * registry. Connections are pooled (HikariCP, {@link Builder#maxPoolSize}).
 */
public final class PostgresRegistry {
    public static final String DEFAULT_SCHEMA = "coffre_registry";
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://[^/?#@\\s]+/[A-Za-z0-9_.-]+(\\?[^#\\s]*)?");
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,63}");

    private PostgresRegistry() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings of a PostgreSQL registry; fails fast naming the field, the rule and (never for secrets) the value. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private char[] password;
        private String passwordSource;
        private String schema = DEFAULT_SCHEMA;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /** {@code jdbc:postgresql://host:port/database}; a {@code password} or {@code user} parameter is refused. */
        public Builder jdbcUrl(String value) {
            this.jdbcUrl = value;
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        /** Reads the password from environment variable {@code name} when {@link #build()} runs. */
        public Builder passwordEnv(String name) {
            this.passwordSource = "env:" + name;
            return this;
        }

        /** Reads the password from {@code file} (first line) when {@link #build()} runs. */
        public Builder passwordFile(Path file) {
            this.passwordSource = file == null ? null : "file:" + file;
            return this;
        }

        /** The password itself (copied; the caller may clear its array). */
        public Builder password(char[] value) {
            this.password = value == null ? null : value.clone();
            this.passwordSource = value == null ? null : "given";
            return this;
        }

        /**
         * The schema holding this registry ({@code [a-z_][a-z0-9_]{0,62}}); created if absent only by a registry
         * built with {@code createIfMissing(true)}.
         */
        public Builder schema(String value) {
            this.schema = value;
            return this;
        }

        /** At most this many pooled connections (2 to 100; one is held while the registry lock is). */
        public Builder maxPoolSize(int value) {
            this.maxPoolSize = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        Builder environment(Function<String, String> value) {
            this.environment = value;
            return this;
        }

        /**
         * Connects (a refused login or an unreachable server fails here, within {@link #connectTimeout}); creates or
         * migrates nothing yet: the registry opens the storage.
         */
        public RegistryStorage build() {
            if (jdbcUrl == null || !URL.matcher(jdbcUrl).matches()) {
                throw new InvalidInputException("jdbcUrl: must be jdbc:postgresql://host[:port]/database, was "
                        + (jdbcUrl == null ? "null" : "'" + redactedUrl(jdbcUrl) + "'"));
            }
            String query = jdbcUrl.contains("?") ? jdbcUrl.substring(jdbcUrl.indexOf('?') + 1).toLowerCase(Locale.ROOT) : "";
            for (String param : query.split("&")) {
                if (param.startsWith("password=") || param.startsWith("user=")) {
                    throw new InvalidInputException("jdbcUrl: must not carry credentials (" + param.substring(0,
                            param.indexOf('=')) + "=...); use user() and passwordEnv() or passwordFile()");
                }
            }
            if (user == null || !USER.matcher(user).matches()) {
                throw new InvalidInputException("user: must match " + USER + ", was " + (user == null ? "null" : "'" + user + "'"));
            }
            if (schema == null || !SCHEMA.matcher(schema).matches()) {
                throw new InvalidInputException("schema: must match " + SCHEMA + ", was "
                        + (schema == null ? "null" : "'" + schema + "'"));
            }
            if (maxPoolSize < 2 || maxPoolSize > 100) {
                throw new InvalidInputException("maxPoolSize: must be in [2, 100], was " + maxPoolSize);
            }
            if (connectTimeout == null || connectTimeout.toMillis() < 250) {
                throw new InvalidInputException("connectTimeout: must be at least 250 ms, was " + connectTimeout);
            }
            char[] secret = resolvePassword();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(new String(secret));
            Arrays.fill(secret, '\0');
            config.setMaximumPoolSize(maxPoolSize);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(connectTimeout.toMillis());
            config.setInitializationFailTimeout(connectTimeout.toMillis());
            config.setPoolName("coffre-registry-" + schema);
            config.addDataSourceProperty("ApplicationName", "coffre-registry");
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new CoffreException("key registry: cannot connect to " + location() + " as " + user + " ("
                        + e.getClass().getSimpleName() + ")", e);
            }
            return new PostgresRegistryStorage(pool, schema, location());
        }

        private String location() {
            return redactedUrl(jdbcUrl) + " schema " + schema;
        }

        private char[] resolvePassword() {
            if (passwordSource == null) {
                throw new InvalidInputException("password: must be set (passwordEnv, passwordFile or password)");
            }
            if (passwordSource.equals("given")) {
                return password.clone();
            }
            if (passwordSource.startsWith("env:")) {
                String name = passwordSource.substring(4);
                String value = name.isEmpty() ? null : environment.apply(name);
                if (value == null || value.isEmpty()) {
                    throw new InvalidInputException("passwordEnv: environment variable '" + name + "' must be set and non-empty");
                }
                return value.toCharArray();
            }
            Path file = Path.of(passwordSource.substring(5));
            try {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                int end = content.indexOf('\n');
                String line = (end < 0 ? content : content.substring(0, end)).stripTrailing();
                if (line.isEmpty()) {
                    throw new InvalidInputException("passwordFile: " + file + " must hold the password on its first line, was empty");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new InvalidInputException("passwordFile: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }

        /** The URL without its query (parameters might carry settings the caller did not mean to show). */
        private static String redactedUrl(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q) + "?...";
        }

        @Override
        public String toString() {
            return "PostgresRegistry.Builder[" + (jdbcUrl == null ? "no url" : location()) + ", user " + user
                    + ", password " + (passwordSource == null ? "unset" : "redacted") + "]";
        }
    }
}
