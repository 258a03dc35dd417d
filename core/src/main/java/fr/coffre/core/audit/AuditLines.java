package fr.coffre.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.coffre.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JSON-lines encoding (AUDIT.md): a line is its body (every field, {@code prev} last) with
 * {@code ,"mac":"<hex>"} spliced before the closing brace; the MAC is HMAC-SHA-256 of the body's UTF-8 bytes and a
 * record's hash, chained into the next {@code prev}, is SHA-256 of the whole line.
 */
final class AuditLines {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GENESIS = "0".repeat(64);
    static final String MAC_FIELD = ",\"mac\":\"";
    private static final HexFormat HEX = HexFormat.of();

    private AuditLines() {
    }

    static String fileName(int index) {
        return String.format("audit-%06d.jsonl", index);
    }

    /** The file number of a trail file name, or -1 if it is not one. */
    static int fileIndex(Path file) {
        String n = file.getFileName().toString();
        if (!n.matches("audit-\\d{6}\\.jsonl")) {
            return -1;
        }
        return Integer.parseInt(n.substring(6, 12));
    }

    /**
     * The JSON members of {@code r} between {@code time} and {@code count} ({@code principal} to {@code keys}),
     * without braces: what can be encoded before the record has its place in the chain.
     */
    static String fields(AuditRecord r) {
        ObjectNode n = JSON.createObjectNode();
        put(n, "principal", r.principal());
        put(n, "action", r.action());
        put(n, "vault", r.vault());
        put(n, "store", r.store());
        put(n, "object", r.object());
        put(n, "subject", r.subject());
        put(n, "reason", r.reason());
        put(n, "outcome", r.outcome());
        if (AuditRecord.DESTRUCTION_CERTIFICATE.equals(r.action())) {
            ArrayNode keys = n.putArray("keys");
            r.keys().forEach(keys::add);
        }
        String object = n.toString();
        return object.substring(1, object.length() - 1);
    }

    /** The line of a record at {@code seq}, {@code time}, after {@code prev}, from its {@link #fields}. */
    static String encode(long seq, Instant time, String fields, Long count, boolean last, String prev,
            SecretBytes key) {
        StringBuilder body = new StringBuilder(160 + fields.length()).append("{\"seq\":").append(seq)
                .append(",\"time\":\"").append(time).append('"');
        if (!fields.isEmpty()) {
            body.append(',').append(fields);
        }
        if (count != null) {
            body.append(",\"count\":").append(count.longValue()).append(",\"head\":\"").append(prev)
                    .append("\",\"final\":").append(last);
        }
        String text = body.append(",\"prev\":\"").append(prev).append("\"}").toString();
        return text.substring(0, text.length() - 1) + MAC_FIELD + HEX.formatHex(mac(key, text)) + "\"}";
    }

    private static void put(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    static AuditRecord decode(JsonNode n) {
        return new AuditRecord(n.path("seq").asLong(), Instant.parse(n.path("time").asText()), text(n, "principal"),
                text(n, "action"), text(n, "vault"), text(n, "store"), text(n, "object"), text(n, "subject"),
                text(n, "reason"), text(n, "outcome"), keys(n));
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.path("keys").forEach(k -> out.add(k.asText()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Whether the line's MAC verifies under {@code key} (constant-time comparison). */
    static boolean macValid(String line, SecretBytes key) {
        int at = line.lastIndexOf(MAC_FIELD);
        if (at < 0 || !line.endsWith("\"}")) {
            return false;
        }
        String body = line.substring(0, at) + "}";
        byte[] given;
        try {
            given = HEX.parseHex(line.substring(at + MAC_FIELD.length(), line.length() - 2));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(key, body), given);
    }

    static byte[] mac(SecretBytes key, String body) {
        return key.apply(k -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(k, "HmacSHA256"));
                return m.doFinal(body.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /**
     * The seal of {@code data} for {@code purpose} (e.g. an export manifest): hex HMAC-SHA-256 under the audit key of
     * {@code "coffre-seal/1" 0x00 purpose 0x00 hex(SHA-256(data))}, never a trail line's body (those start with '{').
     */
    static String seal(SecretBytes key, String purpose, byte[] data) {
        try {
            String digest = HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            return HEX.formatHex(mac(key, "coffre-seal/1\0" + purpose + "\0" + digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static String hash(String line) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
