import type { Rules } from "./emulator-state.ts";
import { WEBHOOK_ACK_DEADLINE_MS } from "./webhook-deliverer.ts";

/** How to build one emulator. Every field has a default matching the product's development defaults. */
export interface EmulatorOptions {
  readonly appId?: string;
  /** App Secret: OAuth `secret_key` header, Graph `appsecret_proof` key, `/me/info` `secret_key`. */
  readonly appSecret?: string;
  readonly oaId?: string;
  /** OA Secret Key: signs webhooks (not the App Secret, note §1.1). */
  readonly oaSecretKey?: string;
  readonly oaName?: string;
  /** The token pair the emulator accepts at start-up (and after a reset). */
  readonly initialAccessToken?: string;
  readonly initialRefreshToken?: string;
  /** Where events are POSTed; null disables delivery. */
  readonly webhookUrl?: string | null;
  readonly rateLimitPerMinute?: number;
  /** Multiplies Zalo's retry ladder (1 = real timings). */
  readonly retryScale?: number;
  readonly ackDeadlineMs?: number;
  /** Absolute base URL of this emulator, used in media URLs that leave it (webhook payloads, Graph avatars). */
  readonly publicUrl?: string;
  /** Fastify logging on/off. */
  readonly logger?: boolean;
  /** The OAuth callback registered in the app's settings (Zalo checks `redirect_uri` against it: -14003). */
  readonly registeredRedirectUri?: string;
  /** The unconfirmed platform rules at start-up and after a reset (see `Rules`). */
  readonly rules?: Partial<Rules>;
}

/** The documented behaviour where there is one; a new OA without a Zalo Cloud Account. */
export const DEFAULT_RULES: Rules = {
  csRequiresFollow: false,
  zca: "none",
  checkRegisteredRedirect: true,
  appIdIsMiniAppId: true,
};

export type ResolvedEmulatorOptions = Required<Omit<EmulatorOptions, "rules">> & { readonly rules: Rules };

export const DEFAULT_EMULATOR_OPTIONS: ResolvedEmulatorOptions = {
  appId: "1234567890123456789",
  appSecret: "dev-app-secret-xks",
  oaId: "4321098765432109876",
  oaSecretKey: "dev-oa-secret-key-xks",
  oaName: "Xung Kích Số",
  initialAccessToken: "dev-oa-access-token",
  initialRefreshToken: "dev-oa-refresh-token",
  webhookUrl: "http://127.0.0.1:3000/webhooks/zalo",
  rateLimitPerMinute: 4000,
  retryScale: 1,
  ackDeadlineMs: WEBHOOK_ACK_DEADLINE_MS,
  publicUrl: "http://127.0.0.1:3100",
  logger: false,
  registeredRedirectUri: "http://127.0.0.1:3000/oauth/zalo/callback",
  rules: DEFAULT_RULES,
};

export function resolveEmulatorOptions(options: EmulatorOptions): ResolvedEmulatorOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const resolved = { ...DEFAULT_EMULATOR_OPTIONS, ...defined } as ResolvedEmulatorOptions;
  return {
    ...resolved,
    rules: { ...DEFAULT_RULES, ...options.rules },
    publicUrl: resolved.publicUrl.replace(/\/+$/, ""),
  };
}
