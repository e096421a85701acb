import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildEmulator, type Emulator } from "./build-emulator.ts";
import { DEMO_ADMIN_ID, DEMO_MEMBER_ID, DEMO_MINIAPP_USERS } from "./demo-users.ts";
import { appSecretProof } from "./graph-routes.ts";

const APP_SECRET = "dev-app-secret-xks";
let emulator: Emulator;

beforeEach(async () => {
  emulator = await buildEmulator({ webhookUrl: null });
});
afterEach(async () => {
  await emulator.app.close();
});

async function signIn(userId: string): Promise<string> {
  const res = await emulator.app.inject({ method: "POST", url: "/_emulator/signin", payload: { userId } });
  return res.json().accessToken;
}

function me(token: string, proof = appSecretProof(token, APP_SECRET)) {
  return emulator.app.inject({
    url: "/graph/v2.0/me?fields=id,name,picture",
    headers: { access_token: token, appsecret_proof: proof },
  });
}

describe("Graph API for mini-app users", () => {
  it("returns the flat profile for a signed-in user with a valid appsecret_proof", async () => {
    const token = await signIn(DEMO_ADMIN_ID);
    const res = await me(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: DEMO_ADMIN_ID,
      name: "Lê Thị Quản Trị",
      picture: { data: { url: `http://127.0.0.1:3100/_emulator/media/avatar/${DEMO_ADMIN_ID}.svg` } },
      error: 0,
      message: "Success",
    });
  });

  it("answers -242 for a wrong proof and 452 for a bad token, both as HTTP 200", async () => {
    const token = await signIn(DEMO_ADMIN_ID);
    const wrong = await me(token, appSecretProof(token, "other-secret"));
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json()).toEqual({ error: -242, message: "Invalid appsecret_proof provided" });
    const bad = await me("not-a-token");
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toEqual({ error: 452, message: "Invalid session" });
  });

  it("decodes a phone token once, within 2 minutes", async () => {
    const token = await signIn(DEMO_MEMBER_ID);
    const phone = async () =>
      (
        await emulator.app.inject({
          method: "POST",
          url: "/_emulator/phone-token",
          payload: { userId: DEMO_MEMBER_ID },
        })
      ).json().token;
    const info = (code: string) =>
      emulator.app.inject({
        url: "/graph/v2.0/me/info",
        headers: { access_token: token, code, secret_key: APP_SECRET },
      });

    const code = await phone();
    expect((await info(code)).json()).toEqual({ data: { number: "84912000003" }, error: 0, message: "Success" });
    expect((await info(code)).json().error).not.toBe(0);

    const late = await phone();
    emulator.state.advanceClock(2 * 60_000 + 1);
    expect((await info(late)).json().error).not.toBe(0);
  });

  it("sign-in page lists demo users and redirects with the token in the hash", async () => {
    const page = await emulator.app.inject(`/signin?redirect=${encodeURIComponent("http://127.0.0.1:5173/")}`);
    expect(page.statusCode).toBe(200);
    for (const user of DEMO_MINIAPP_USERS) expect(page.body).toContain(user.name);
    const choose = await emulator.app.inject(
      `/signin/choose?userId=${DEMO_ADMIN_ID}&redirect=${encodeURIComponent("http://127.0.0.1:5173/")}`,
    );
    expect(choose.statusCode).toBe(302);
    const location = new URL(String(choose.headers.location));
    const token = new URLSearchParams(location.hash.slice(1)).get("zalo_access_token") ?? "";
    expect((await me(token)).json().id).toBe(DEMO_ADMIN_ID);
  });
});
