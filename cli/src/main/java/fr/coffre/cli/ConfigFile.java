package fr.coffre.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds and reads {@code coffre.yaml} ({@link CoffreConfig}): {@code --config FILE}, else {@value #ENV}, else
 * {@code ./coffre.yaml} if it exists. Parsed strictly: an unknown key, a duplicate key or a key that looks like a
 * secret is refused, naming the key and the file but never a value.
 */
final class ConfigFile {
    static final String ENV = "COFFRE_CONFIG";
    static final String DEFAULT = "coffre.yaml";
    /** Setting names that would hold a secret; {@code ...File} (a path to a secret file) is allowed. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)(?!.*file$).*(password|passwd|passphrase|secret|pin|token|credential|key|sas)s?");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Thrown for a configuration file that cannot be used (exit code 2). */
    static class ConfigException extends InvalidInputException {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    /** Thrown for a secret written in the configuration file; the message never holds its value. */
    static final class SecretInConfigException extends ConfigException {
        private static final long serialVersionUID = 1L;

        SecretInConfigException(String message) {
            super(message);
        }
    }

    /** A loaded configuration and the file it came from. */
    record Loaded(CoffreConfig config, Optional<Path> file) {
        static final Loaded NONE = new Loaded(CoffreConfig.NONE, Optional.empty());

        String where() {
            return file.map(Path::toString).orElse("no configuration file");
        }
    }

    private ConfigFile() {
    }

    static Loaded locate(Path option, Map<String, String> env) {
        if (option != null) {
            return load(option, "--config");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return load(Path.of(fromEnv), ENV);
        }
        Path local = Path.of(DEFAULT);
        return Files.exists(local) ? load(local, DEFAULT) : Loaded.NONE;
    }

    static Loaded load(Path file, String source) {
        if (!Files.exists(file)) {
            throw new ConfigException(source + ": no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(source + ": not a regular file: " + file);
        }
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return new Loaded(CoffreConfig.NONE, Optional.of(file));
            }
            if (!tree.isObject()) {
                throw new ConfigException(file + ": must be a mapping of settings (store, stores, custody, registry,"
                        + " vault, masterKeyId, policy, principal, reason, auditRetention, auditDurability,"
                        + " sizePadding)");
            }
            refuseSecrets(file, tree, "");
            return new Loaded(YAML.treeToValue(tree, CoffreConfig.class), Optional.of(file));
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown key '" + path(e) + "'; known here: " + e.getKnownPropertyIds()
                    .stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            throw new ConfigException(file + ": invalid value for '" + path(e) + "'" + line(e));
        } catch (JacksonException e) {
            // the parser's own message may quote the document: give only the position
            throw new ConfigException(file + ": not valid YAML" + line(e));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void refuseSecrets(Path file, JsonNode node, String at) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                refuseSecrets(file, item, at);
            }
            return;
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String key = at.isEmpty() ? shown(f.getKey()) : at + "." + shown(f.getKey());
            boolean storeName = at.equals("stores");
            if (!storeName && SECRET_KEY.matcher(f.getKey()).matches()) {
                throw new SecretInConfigException(file + ": key '" + key + "' looks like a secret, and secrets never go"
                        + " in the configuration file: set the environment variable (COFFRE_PKCS11_PIN,"
                        + " COFFRE_KEYSTORE_PASSWORD, COFFRE_KMIP_CLIENT_PASSWORD, COFFRE_S3_SECRET_KEY...) or, for"
                        + " custody, name an owner-only file with pinFile, passwordFile or clientPasswordFile");
            }
            if (f.getValue().isContainerNode()) {
                refuseSecrets(file, f.getValue(), key);
            }
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? shown(r.getFieldName()) : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** A key as messages show it: not at all when it looks like a pasted credential. */
    private static String shown(String key) {
        return fr.coffre.UriQuery.holdsCredential(key) ? "<a key that looks like a credential, not shown>" : key;
    }

    private static String line(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
