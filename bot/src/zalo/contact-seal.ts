import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * The phone number and address a resident shares through Zalo's request_user_info form (the `user_submit_info`
 * event) must reach the worker, which keeps them on the help request, but must not sit readable in the durable
 * inbox (`InboundEvent.payload`, kept 30 days for investigations). The webhook seals them (AES-256-GCM, key derived
 * from SESSION_SECRET with HKDF under its own label, so it is neither the session key nor the OA-token key); the
 * worker opens them once and then removes the sealed value from the stored event (`inbound.process-event.ts`).
 * Stored form: `c1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export interface SharedContact {
  phone: string | null;
  address: string | null;
}

export interface ContactSeal {
  seal(contact: SharedContact): string;
  /** null when the value cannot be opened (another SESSION_SECRET, a tampered row): the resident is asked to type. */
  open(sealed: string): SharedContact | null;
}

const FORMAT = "c1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = "xks/submitted-contact";
const HKDF_INFO = "aes-256-gcm/submitted-contact/v1";

export function createContactSeal(secret: string): ContactSeal {
  const key = Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, HKDF_INFO, 32));
  return {
    seal(contact) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      const body = Buffer.concat([cipher.update(JSON.stringify(contact), "utf8"), cipher.final()]);
      return [FORMAT, ...[iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"))].join(".");
    },
    open(sealed) {
      const [format, iv, tag, body] = sealed.split(".");
      if (format !== FORMAT || !iv || !tag || body === undefined) return null;
      try {
        const authTag = Buffer.from(tag, "base64url");
        if (authTag.length !== TAG_BYTES) return null;
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAuthTag(authTag);
        const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
          "utf8",
        );
        const parsed = JSON.parse(text) as Partial<SharedContact>;
        return {
          phone: typeof parsed.phone === "string" ? parsed.phone : null,
          address: typeof parsed.address === "string" ? parsed.address : null,
        };
      } catch {
        return null;
      }
    },
  };
}

const cache = new Map<string, ContactSeal>();
/** One seal per secret per process (the key derivation is done once). */
export function contactSealFor(secret: string): ContactSeal {
  let seal = cache.get(secret);
  if (!seal) {
    seal = createContactSeal(secret);
    cache.set(secret, seal);
  }
  return seal;
}
