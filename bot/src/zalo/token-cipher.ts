import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Encrypts the OA tokens at rest: AES-256-GCM with a random 96-bit IV per value, the key derived from
 * SESSION_SECRET with HKDF-SHA256 (a distinct `info`, so this key is never the one that signs sessions).
 * The token's role ("access"/"refresh") is bound as associated data, so the two columns cannot be swapped.
 * Stored form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export interface TokenCipher {
  encrypt(plaintext: string, role: TokenRole): string;
  decrypt(stored: string, role: TokenRole): string;
}

export type TokenRole = "access" | "refresh";

const FORMAT_VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;
/**
 * GCM accepts tags as short as 4 bytes unless told the length: a tag cut down to a prefix of the real one would
 * still verify, and a 4-byte tag can be forged in about 2^32 tries. Only the full 16 bytes we write are accepted.
 */
const AUTH_TAG_BYTES = 16;
const HKDF_SALT = "xks/oa-token-store";
const HKDF_INFO = "aes-256-gcm/oa-token/v1";

export class TokenDecryptionError extends Error {
  constructor() {
    super("stored OA token cannot be decrypted (SESSION_SECRET changed, or the row was tampered with)");
    this.name = "TokenDecryptionError";
  }
}

export function createTokenCipher(secret: string): TokenCipher {
  const key = Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, HKDF_INFO, KEY_BYTES));
  return {
    encrypt(plaintext, role) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: AUTH_TAG_BYTES });
      cipher.setAAD(Buffer.from(role));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
      return [FORMAT_VERSION, ...parts].join(".");
    },
    decrypt(stored, role) {
      const [version, iv, tag, body] = stored.split(".");
      if (version !== FORMAT_VERSION || !iv || !tag || body === undefined) throw new TokenDecryptionError();
      try {
        const authTag = Buffer.from(tag, "base64url");
        if (authTag.length !== AUTH_TAG_BYTES) throw new TokenDecryptionError();
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: AUTH_TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(role));
        decipher.setAuthTag(authTag);
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenDecryptionError();
      }
    },
  };
}
