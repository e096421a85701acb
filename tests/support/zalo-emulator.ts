import type { AddressInfo } from "node:net";
import { buildEmulator, type Emulator, type EmulatorOptions } from "../../emulator/src/build-emulator.ts";
import type { Resident } from "../../emulator/src/emulator-state.ts";

/** Every call the product made to the emulator, in order: path without query, the access token used, time. */
export interface EmulatorCall {
  path: string;
  accessToken: string | undefined;
  at: number;
}

export interface RunningEmulator {
  emulator: Emulator;
  baseUrl: string;
  calls: EmulatorCall[];
  /** Product settings pointing at this emulator. */
  env: { ZALO_OPENAPI_URL: string; ZALO_OAUTH_URL: string; ZALO_GRAPH_URL: string };
  /** A new resident who follows the OA and has just interacted (their 7-day window is open). */
  reachableResident(name?: string): Resident;
  /** Clears the fault switches between tests (no 5xx, no dropped connections, no latency, the default limit). */
  clearFaults(): void;
  close(): Promise<void>;
}

/** The Zalo emulator in-process on a random port, with webhook delivery off and every call recorded. */
export async function startZaloEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await buildEmulator({ webhookUrl: null, ...options });
  const calls: EmulatorCall[] = [];
  emulator.app.addHook("onRequest", async (request) => {
    const token = request.headers.access_token;
    calls.push({
      path: request.url.split("?")[0] ?? request.url,
      accessToken: typeof token === "string" ? token : undefined,
      at: Date.now(),
    });
  });
  await emulator.app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = emulator.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    emulator,
    baseUrl,
    calls,
    env: {
      ZALO_OPENAPI_URL: `${baseUrl}/openapi`,
      ZALO_OAUTH_URL: `${baseUrl}/oauth`,
      ZALO_GRAPH_URL: `${baseUrl}/graph`,
    },
    reachableResident(name = "Cư dân thử nghiệm") {
      const resident = emulator.state.createResident(name);
      emulator.state.setFollower(resident, true);
      emulator.state.recordInteraction(resident);
      return resident;
    },
    clearFaults() {
      emulator.state.faults = {
        ...emulator.state.faults,
        fail5xx: 0,
        failNetwork: 0,
        latencyMs: 0,
        rateLimitPerMinute: 4000,
        refuseButtons: false,
        rejectAccessToken: false,
        rejectAppSecret: false,
        signWithAppSecret: false,
      };
    },
    close: () => emulator.app.close(),
  };
}
