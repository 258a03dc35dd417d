package fr.coffre.custody.kmip;

import fr.coffre.custody.internal.TransientCustodyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The KMIP 1.x operations Coffre uses, as typed calls on a {@link KmipClient}: Create (AES-256 with a Name),
 * Register (Secret Data), Activate, Locate by name, Get, Encrypt/Decrypt (AES-GCM with associated data, KMIP 1.4),
 * Revoke, Destroy.
 */
final class KmipOperations {
    // operations
    static final int CREATE = 0x01;
    static final int REGISTER = 0x03;
    static final int LOCATE = 0x08;
    static final int GET = 0x0A;
    static final int ACTIVATE = 0x12;
    static final int REVOKE = 0x13;
    static final int DESTROY = 0x14;
    static final int ENCRYPT = 0x1F;
    static final int DECRYPT = 0x20;
    // tags
    static final int ATTRIBUTE = 0x420008;
    static final int ATTRIBUTE_NAME = 0x42000A;
    static final int ATTRIBUTE_VALUE = 0x42000B;
    static final int BLOCK_CIPHER_MODE = 0x420011;
    static final int CRYPTOGRAPHIC_ALGORITHM = 0x420028;
    static final int CRYPTOGRAPHIC_LENGTH = 0x42002A;
    static final int CRYPTOGRAPHIC_PARAMETERS = 0x42002B;
    static final int CRYPTOGRAPHIC_USAGE_MASK = 0x42002C;
    static final int IV_COUNTER_NONCE = 0x42003D;
    static final int KEY_BLOCK = 0x420040;
    static final int KEY_FORMAT_TYPE = 0x420042;
    static final int KEY_MATERIAL = 0x420043;
    static final int KEY_VALUE = 0x420045;
    static final int NAME = 0x420053;
    static final int NAME_TYPE = 0x420054;
    static final int NAME_VALUE = 0x420055;
    static final int OBJECT_TYPE = 0x420057;
    static final int REVOCATION_REASON = 0x420081;
    static final int REVOCATION_REASON_CODE = 0x420082;
    static final int SECRET_DATA = 0x420085;
    static final int SECRET_DATA_TYPE = 0x420086;
    static final int SYMMETRIC_KEY = 0x42008F;
    static final int TEMPLATE_ATTRIBUTE = 0x420091;
    static final int UNIQUE_IDENTIFIER = 0x420094;
    static final int DATA = 0x4200C2;
    static final int TAG_LENGTH = 0x4200CE;
    static final int AE_ADDITIONAL_DATA = 0x4200FE;
    static final int AE_TAG = 0x4200FF;
    // enumeration values
    static final int OBJECT_SYMMETRIC_KEY = 0x02;
    static final int OBJECT_SECRET_DATA = 0x07;
    static final int ALGORITHM_AES = 0x03;
    static final int MODE_GCM = 0x09;
    static final int NAME_TEXT = 0x01;
    static final int FORMAT_RAW = 0x01;
    static final int FORMAT_OPAQUE = 0x02;
    static final int SECRET_SEED = 0x02;
    static final int USAGE_ENCRYPT_DECRYPT = 0x04 | 0x08;
    static final int REASON_CESSATION_OF_OPERATION = 0x06;
    static final int GCM_TAG_BYTES = 16;

    private final KmipClient client;

    KmipOperations(KmipClient client) {
        this.client = client;
    }

    /** Creates an AES-256 key usable for Encrypt/Decrypt, named {@code name}; returns its unique identifier. */
    String createAes256(String name) {
        Ttlv template = Ttlv.struct(TEMPLATE_ATTRIBUTE,
                attribute("Cryptographic Algorithm", Ttlv.enumeration(ATTRIBUTE_VALUE, ALGORITHM_AES)),
                attribute("Cryptographic Length", Ttlv.integer(ATTRIBUTE_VALUE, 256)),
                attribute("Cryptographic Usage Mask", Ttlv.integer(ATTRIBUTE_VALUE, USAGE_ENCRYPT_DECRYPT)),
                nameAttribute(name));
        return uid(client.call(CREATE, List.of(Ttlv.enumeration(OBJECT_TYPE, OBJECT_SYMMETRIC_KEY), template)));
    }

    /** Registers opaque bytes as Secret Data named {@code name} (left pre-active); returns its identifier. */
    String registerSecretData(String name, byte[] value) {
        Ttlv secret = Ttlv.struct(SECRET_DATA, Ttlv.enumeration(SECRET_DATA_TYPE, SECRET_SEED),
                Ttlv.struct(KEY_BLOCK, Ttlv.enumeration(KEY_FORMAT_TYPE, FORMAT_OPAQUE),
                        Ttlv.struct(KEY_VALUE, Ttlv.bytes(KEY_MATERIAL, value))));
        return uid(client.call(REGISTER, List.of(Ttlv.enumeration(OBJECT_TYPE, OBJECT_SECRET_DATA),
                Ttlv.struct(TEMPLATE_ATTRIBUTE, nameAttribute(name)), secret)));
    }

    void activate(String uid) {
        client.call(ACTIVATE, List.of(Ttlv.text(UNIQUE_IDENTIFIER, uid)));
    }

    /** Identifiers of every object named {@code name} (of {@code objectType}) the client may see. */
    List<String> locate(String name, int objectType) {
        Ttlv payload = client.call(LOCATE, List.of(
                attribute("Object Type", Ttlv.enumeration(ATTRIBUTE_VALUE, objectType)), nameAttribute(name)));
        List<String> out = new ArrayList<>();
        if (payload != null) {
            for (Ttlv id : payload.all(UNIQUE_IDENTIFIER)) {
                out.add(id.asText());
            }
        }
        return out;
    }

    /** The key material of a Symmetric Key or Secret Data object; the caller zeroes it. */
    byte[] getMaterial(String uid) {
        Ttlv payload = client.call(GET, List.of(Ttlv.text(UNIQUE_IDENTIFIER, uid)));
        try {
            if (payload == null) {
                throw new TtlvException("Get: no response payload");
            }
            Ttlv object = payload.find(SYMMETRIC_KEY);
            if (object == null) {
                object = payload.get(SECRET_DATA);
            }
            Ttlv value = object.get(KEY_BLOCK).get(KEY_VALUE);
            byte[] material = value.type() == Ttlv.STRUCTURE ? value.get(KEY_MATERIAL).asBytes() : value.asBytes();
            byte[] copy = material.clone();
            payload.wipe();
            return copy;
        } catch (TtlvException e) {
            payload.wipe();
            throw new TransientCustodyException("KMIP Get: unexpected response", e);
        }
    }

    /** Server-side AES-GCM: returns ciphertext || tag. */
    byte[] encryptGcm(String uid, byte[] plaintext, byte[] iv, byte[] aad) {
        Ttlv payload = client.call(ENCRYPT, List.of(Ttlv.text(UNIQUE_IDENTIFIER, uid), gcmParameters(),
                Ttlv.bytes(DATA, plaintext), Ttlv.bytes(IV_COUNTER_NONCE, iv), Ttlv.bytes(AE_ADDITIONAL_DATA, aad)));
        try {
            if (payload == null) {
                throw new TtlvException("Encrypt: no response payload");
            }
            byte[] ct = payload.get(DATA).asBytes();
            byte[] tag = payload.get(AE_TAG).asBytes();
            if (ct.length != plaintext.length || tag.length != GCM_TAG_BYTES) {
                throw new TtlvException("Encrypt: " + ct.length + " ciphertext and " + tag.length + " tag bytes");
            }
            Ttlv echoedIv = payload.find(IV_COUNTER_NONCE);
            if (echoedIv != null && !java.util.Arrays.equals(echoedIv.asBytes(), iv)) {
                throw new TtlvException("Encrypt: the server used another IV");
            }
            byte[] out = new byte[ct.length + tag.length];
            System.arraycopy(ct, 0, out, 0, ct.length);
            System.arraycopy(tag, 0, out, ct.length, tag.length);
            return out;
        } catch (TtlvException e) {
            throw new TransientCustodyException("KMIP Encrypt: unexpected response", e);
        }
    }

    /** Server-side AES-GCM decryption; the caller owns (and zeroes) the result. */
    byte[] decryptGcm(String uid, byte[] ciphertext, byte[] iv, byte[] aad, byte[] tag) {
        Ttlv payload = client.call(DECRYPT, List.of(Ttlv.text(UNIQUE_IDENTIFIER, uid), gcmParameters(),
                Ttlv.bytes(DATA, ciphertext), Ttlv.bytes(IV_COUNTER_NONCE, iv), Ttlv.bytes(AE_ADDITIONAL_DATA, aad),
                Ttlv.bytes(AE_TAG, tag)));
        try {
            if (payload == null) {
                throw new TtlvException("Decrypt: no response payload");
            }
            return payload.get(DATA).asBytes();
        } catch (TtlvException e) {
            throw new TransientCustodyException("KMIP Decrypt: unexpected response", e);
        }
    }

    void revoke(String uid) {
        client.call(REVOKE, List.of(Ttlv.text(UNIQUE_IDENTIFIER, uid),
                Ttlv.struct(REVOCATION_REASON, Ttlv.enumeration(REVOCATION_REASON_CODE, REASON_CESSATION_OF_OPERATION))));
    }

    void destroy(String uid) {
        client.call(DESTROY, List.of(Ttlv.text(UNIQUE_IDENTIFIER, uid)));
    }

    private static Ttlv gcmParameters() {
        return Ttlv.struct(CRYPTOGRAPHIC_PARAMETERS, Ttlv.enumeration(BLOCK_CIPHER_MODE, MODE_GCM),
                Ttlv.enumeration(CRYPTOGRAPHIC_ALGORITHM, ALGORITHM_AES), Ttlv.integer(TAG_LENGTH, GCM_TAG_BYTES));
    }

    private static Ttlv attribute(String name, Ttlv value) {
        return Ttlv.struct(ATTRIBUTE, Ttlv.text(ATTRIBUTE_NAME, name), value);
    }

    private static Ttlv nameAttribute(String name) {
        return attribute("Name", Ttlv.struct(ATTRIBUTE_VALUE, Ttlv.text(NAME_VALUE, name), Ttlv.enumeration(NAME_TYPE, NAME_TEXT)));
    }

    private static String uid(Ttlv payload) {
        try {
            if (payload == null) {
                throw new TtlvException("no response payload");
            }
            String id = payload.get(UNIQUE_IDENTIFIER).asText();
            if (id.isEmpty() || id.length() > 256 || !StandardCharsets.US_ASCII.newEncoder().canEncode(id)) {
                throw new TtlvException("implausible unique identifier");
            }
            return id;
        } catch (TtlvException e) {
            throw new TransientCustodyException("KMIP: unexpected response", e);
        }
    }
}
