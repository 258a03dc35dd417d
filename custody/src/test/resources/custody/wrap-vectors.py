# Independent generator (Python 'cryptography') for the custody wrap-format vectors.
import json, struct
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
def aad(fmt, scheme, key_id, version, ctx):
    s=scheme.encode(); k=key_id.encode()
    return b"coffre-custody-wrap\0"+bytes([fmt])+struct.pack(">H",len(s))+s+struct.pack(">H",len(k))+k+struct.pack(">I",version)+struct.pack(">I",len(ctx))+ctx
vs=[]
cases=[("keystore","coffre-master",1,b"dk:default#1", bytes(range(32)), bytes([0x11]*12), bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")),
       ("pkcs11","coffre-master",7,b"", bytes(range(100,116)), bytes(range(12)), bytes.fromhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")),
       ("kmip","k.1_x-y",2,"contexte é".encode(), bytes([0xa5]*64), bytes.fromhex("cafebabefacedbaddecaf888"), bytes.fromhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"))]
for scheme,kid,ver,ctx,dek,iv,mk in cases:
    a=aad(1,scheme,kid,ver,ctx)
    w=bytes([1])+iv+AESGCM(mk).encrypt(iv,dek,a)
    vs.append(dict(masterKey=mk.hex(),scheme=scheme,keyId=kid,version=ver,context=ctx.hex(),iv=iv.hex(),dataKey=dek.hex(),wrapped=w.hex()))
print(json.dumps({"description":"Custody wrapped-key format v1 (GcmEnvelope): byte 0x01 | 12-byte IV | AES-256-GCM(dataKey) with AAD = 'coffre-custody-wrap' 0x00 | 0x01 | u16 len scheme | u16 len keyId | u32 version | u32 len context (big-endian). Generated independently with Python cryptography 38.","vectors":vs},indent=2))
