import type { Config } from "../config.ts";
import { verifyZaloSignature } from "./verify-zalo-signature.ts";

/**
 * Why a signed-looking webhook event failed the signature check, as far as the product can tell without ever
 * accepting it (zalo-platform note §1.3, §6.1):
 * - `oa-secret-is-app-secret`: ZALO_OA_SECRET_KEY holds the App Secret (the two are easily confused);
 * - `signed-with-app-secret`: the event verifies with ZALO_APP_SECRET, i.e. Zalo signs with the App Secret (one
 *   source claims so) or the two values were swapped;
 * - `other-app`: it verifies with the app id inside the body, which is not ZALO_APP_ID (the webhook of another app,
 *   or ZALO_APP_ID is wrong);
 * - `oa-id-formula`: it verifies with the OA id in place of the app id (a variant seen in community code);
 * - `unknown-secret`: none of these: the OA Secret Key is wrong or was regenerated on the Webhook page.
 */
export type SignatureFailureCause =
  | "oa-secret-is-app-secret"
  | "signed-with-app-secret"
  | "other-app"
  | "oa-id-formula"
  | "unknown-secret";

export function diagnoseSignatureFailure(
  raw: string | Buffer,
  header: string,
  body: { app_id?: unknown; oa_id?: unknown; timestamp?: unknown },
  config: Pick<Config, "ZALO_APP_ID" | "ZALO_APP_SECRET" | "ZALO_OA_ID" | "ZALO_OA_SECRET_KEY">,
): SignatureFailureCause {
  const timestamp = String(body.timestamp ?? "");
  const verifies = (appId: string, secret: string) => verifyZaloSignature(raw, header, timestamp, appId, secret);
  if (config.ZALO_OA_SECRET_KEY === config.ZALO_APP_SECRET) return "oa-secret-is-app-secret";
  if (verifies(config.ZALO_APP_ID, config.ZALO_APP_SECRET)) return "signed-with-app-secret";
  const bodyAppId = typeof body.app_id === "string" || typeof body.app_id === "number" ? String(body.app_id) : "";
  if (bodyAppId && bodyAppId !== config.ZALO_APP_ID && verifies(bodyAppId, config.ZALO_OA_SECRET_KEY)) {
    return "other-app";
  }
  if (verifies(config.ZALO_OA_ID, config.ZALO_OA_SECRET_KEY)) return "oa-id-formula";
  return "unknown-secret";
}

/** What the admins read: the likely cause and what to do, in plain Vietnamese. */
export function describeSignatureFailure(cause: SignatureFailureCause): string {
  const lead = "Zalo gửi sự kiện đến chatbot nhưng chữ ký không khớp, nên chatbot không nhận tin nào của người dân. ";
  switch (cause) {
    case "oa-secret-is-app-secret":
      return `${lead}ZALO_OA_SECRET_KEY đang là App Secret. Hãy dán "OA Secret Key" ở trang Webhook của ứng dụng trên developers.zalo.me.`;
    case "signed-with-app-secret":
      return `${lead}Chữ ký khớp với ZALO_APP_SECRET: Zalo đang ký bằng App Secret, hoặc hai khóa bị đổi chỗ. Kiểm tra lại ZALO_OA_SECRET_KEY (trang Webhook) và ZALO_APP_SECRET.`;
    case "other-app":
      return `${lead}Sự kiện đến từ một ứng dụng Zalo khác với ZALO_APP_ID. Kiểm tra ZALO_APP_ID và địa chỉ Webhook đã đăng ký.`;
    case "oa-id-formula":
      return `${lead}Chữ ký được tính với OA ID thay cho App ID: cần báo đội kỹ thuật điều chỉnh cách kiểm tra chữ ký.`;
    case "unknown-secret":
      return `${lead}ZALO_OA_SECRET_KEY có thể sai hoặc đã được tạo lại. Sao chép lại "OA Secret Key" ở trang Webhook của ứng dụng.`;
  }
}
