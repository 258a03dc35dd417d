#!/usr/bin/env python3
"""Writes the valid-input seeds of the fuzz tests' committed corpora (FUZZING.md); run from the repository root.

Seeds found by fuzzing (seed-<sha1>) and reproducers (crash-<sha1>) sit beside these files and are kept as they are.
"""
import json
import os
import struct

R = "src/test/resources"


def put(module, package, cls, method, name, data):
    d = os.path.join(module, R, package, cls + "Inputs", method)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "valid-" + name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


vectors = json.load(open("crypto/src/test/resources/vectors/cof1-valid.json"))["vectors"]
for v in vectors:
    obj = bytes.fromhex(v["objectHex"])
    put("crypto", "fr/coffre/crypto", "Cof1HeaderFuzzTest", "header", v["name"], obj[: v["headerLengthBytes"] + 1])


def metadata(content_type, entries, declared=-1):
    b = bytes([1]) + struct.pack(">q", declared) + struct.pack(">H", len(content_type)) + content_type.encode()
    b += struct.pack(">H", len(entries))
    for k, val in sorted(entries.items()):
        b += struct.pack(">H", len(k.encode())) + k.encode() + struct.pack(">I", len(val.encode())) + val.encode()
    return b + bytes(-len(b) % 256)


put("crypto", "fr/coffre/crypto", "SealedMetadataFuzzTest", "decode", "empty", metadata("application/octet-stream", {}))
put("crypto", "fr/coffre/crypto", "SealedMetadataFuzzTest", "decode", "fhir",
    metadata("application/fhir+json", {"kind": "Observation", "patient": "é"}, 1234))


def ttlv(tag, typ, value):
    return struct.pack(">I", tag << 8 | typ)[0:3] + bytes([typ]) + struct.pack(">I", len(value)) + value + bytes(-len(value) % 8)


def struct_(tag, *children):
    return ttlv(tag, 1, b"".join(children))


header = struct_(0x42007A, struct_(0x420069, ttlv(0x42006A, 2, struct.pack(">i", 1)), ttlv(0x42006B, 2, struct.pack(">i", 2))),
                 ttlv(0x42000D, 2, struct.pack(">i", 1)))
item = struct_(0x42000F, ttlv(0x42005C, 5, struct.pack(">i", 0x0A)), ttlv(0x42007F, 5, struct.pack(">i", 0)),
               struct_(0x42007C, ttlv(0x420094, 7, b"coffre-master-1"), ttlv(0x420043, 8, bytes(32)),
                       ttlv(0x420092, 9, struct.pack(">q", 1700000000)), ttlv(0x420008, 6, struct.pack(">q", 1)),
                       ttlv(0x420004, 4, bytes(7) + b"\x2a")))
put("custody", "fr/coffre/custody/kmip", "TtlvCodecFuzzTest", "decode", "get-response", struct_(0x42007B, header, item))

for i, uri in enumerate(["keystore:/srv/keys.bcfks", "pkcs11:/etc/coffre/hsm.cfg?jurisdiction=FR",
                         "kmip://kms.example.fr:5696?mode=fetch-then-wrap&ca=/etc/ca.pem&client=/etc/c.p12&namespace=coffre",
                         "kmip://[::1]?ca=/a&client=/b&mode=\x01", "keystore:/k?password=\x01"]):
    put("custody", "fr/coffre/custody", "CustodyUriFuzzTest", "parse", str(i), b"\x00" + uri.encode())
for i, uri in enumerate(["mem:", "file:///var/lib/coffre/store", "file:relative/dir", "ovh://gra/hospital-a",
                         "s3://bucket?endpoint=https://s3.example.fr&region=fr-par&pathStyle=true&readTimeout=30s",
                         "swift://records?auth=http://127.0.0.1:8080/auth/v1.0&authType=tempauth&maxAttempts=3",
                         "azure://account/container?endpoint=http://127.0.0.1:10000/account",
                         "s3://\x01@bucket?region=x", "s3://b?region=r&endpoint=\x01", "s3://b?token=\x01"]):
    put("providers", "fr/coffre/store", "StoreUriFuzzTest", "parse", str(i), bytes([i]) + uri.encode())

entry = {"format": "coffre-key-registry/1", "kind": "data-key", "id": "dk-fuzz", "state": "active",
         "versions": [{"version": 1, "master": {"scheme": "keystore", "keyId": "coffre-master", "version": 1},
                       "wrapped": "AAECAwQFBgcICQ==", "createdAt": "2026-01-01T00:00:00Z"}]}
put("core", "fr/coffre/core", "RegistryEntryFuzzTest", "read", "active", json.dumps(entry))
put("core", "fr/coffre/core", "RegistryEntryFuzzTest", "read", "tombstone", json.dumps(
    {"format": "coffre-key-registry/1", "kind": "data-key", "id": "dk-fuzz", "state": "destroyed", "versions": [],
     "destroyedAt": "2026-01-02T00:00:00Z"}))

readme = """store: ovh-gra
stores:
  ovh-gra: {uri: "ovh://gra/hospital-a"}
  local:   {uri: "file:///var/lib/coffre/store"}
custody:
  uri: "pkcs11:/etc/coffre/hsm.cfg"
  pinFile: /etc/coffre/hsm.pin
registry: /var/lib/coffre/registry
vault: hospital-a
masterKeyId: coffre-master
policy:
  allowJurisdictions: [FR]
"""
for i, text in enumerate([readme, "custody:\n  pin: \x01\n", "custody:\n  \x01: x\n", "vault: \x01\nvault: y\n",
                          "stores:\n  \x01: {uri: mem:}\n", "a: &x [*x]\n"]):
    put("cli", "fr/coffre/cli", "ConfigFileFuzzTest", "load", str(i), bytes([i]) + text.encode())
