import { CHECKLISTS } from "@xks/shared/checklists/index";
import { describe, expect, it } from "vitest";
import { servicesForTopic } from "./services-for-topic.ts";

describe("servicesForTopic", () => {
  it("names the checklist's service for a step's topic, and none for general help", () => {
    const vneid = CHECKLISTS.find((c) => c.service === "VNEID");
    expect(servicesForTopic(`${vneid?.title} – Cài ứng dụng VNeID`)).toEqual(["VNEID"]);
    expect(servicesForTopic("Hỗ trợ chung")).toEqual([]);
    expect(servicesForTopic("")).toEqual([]);
  });
});
