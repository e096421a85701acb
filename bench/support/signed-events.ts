import { computeZaloMac } from "../../bot/src/zalo/verify-zalo-signature.ts";
import { TEST_ZALO } from "../../tests/support/test-app.ts";

/**
 * Signed Zalo "user_send_text" events for load generators: 5,000 residents in turn, each event with its own msg_id
 * (so none is a redelivery), signed with `oaSecretKey` as Zalo signs webhooks.
 */
export function signedTextEvents(msgIdPrefix: string, oaSecretKey: string = TEST_ZALO.oaSecretKey) {
  let counter = 0;
  return (): { body: string; signature: string } => {
    counter += 1;
    const timestamp = String(Date.now());
    const body = JSON.stringify({
      app_id: TEST_ZALO.appId,
      sender: { id: `24680000000${String(counter % 5000).padStart(8, "0")}` },
      recipient: { id: TEST_ZALO.oaId },
      event_name: "user_send_text",
      message: { msg_id: `${msgIdPrefix}-${process.pid}-${counter}`, text: "kich hoat dinh danh muc 2" },
      timestamp,
    });
    return { body, signature: `mac=${computeZaloMac(TEST_ZALO.appId, body, timestamp, oaSecretKey)}` };
  };
}
