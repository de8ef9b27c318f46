# An implementation of TOTP (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps) independent of the
# server's library, for the two-factor tests: python3 rfc6238.py <base32 secret> <time step>.
import base64
import hashlib
import hmac
import struct
import sys

secret = sys.argv[1].upper()
key = base64.b32decode(secret + "=" * (-len(secret) % 8))
digest = hmac.new(key, struct.pack(">Q", int(sys.argv[2])), hashlib.sha1).digest()
offset = digest[-1] & 0x0F
value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
print("%06d" % (value % 1_000_000))
