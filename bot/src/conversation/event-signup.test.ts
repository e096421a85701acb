import { describe, expect, it } from "vitest";
import { eventPayload } from "../events/event-payloads.ts";
import { recogniseEventSignup } from "./event-signup.ts";

const code = 12;

describe("recogniseEventSignup", () => {
  it("reads the buttons' payloads with their event, and the same words typed", () => {
    expect(eventPayload("register", code)).toBe("Đăng ký tham gia buổi 12");
    expect(recogniseEventSignup("dang ky buoi 12")).toEqual({ action: "register", eventCode: code });
    expect(recogniseEventSignup("huỷ đk buổi 12")).toEqual({ action: "cancel", eventCode: code });
    expect(recogniseEventSignup(eventPayload("register", code))).toEqual({ action: "register", eventCode: code });
    expect(recogniseEventSignup(eventPayload("remind", code))).toEqual({ action: "remind", eventCode: code });
    expect(recogniseEventSignup(eventPayload("cancel", code))).toEqual({ action: "cancel", eventCode: code });
  });

  it("reads typed words loosely: diacritics or not, abbreviations, case", () => {
    for (const text of ["Đăng ký", "dang ky", "đăng kí", "ĐK", "dk tham gia", "Đăng ký tham gia!"]) {
      expect(recogniseEventSignup(text), text).toEqual({ action: "register", eventCode: null });
    }
    for (const text of ["Hủy đăng ký", "huỷ đk", "huy dang ki", "không tham gia nữa"]) {
      expect(recogniseEventSignup(text), text).toEqual({ action: "cancel", eventCode: null });
    }
    expect(recogniseEventSignup("Nhắc tôi")).toEqual({ action: "remind", eventCode: null });
  });

  it("leaves questions that contain the words to the rest of the engine", () => {
    for (const text of ["đăng ký vneid", "đăng ký mức 2 ở đâu", "dk2", "đăng ký khai sinh", "hủy", "tham gia gì"]) {
      expect(recogniseEventSignup(text), text).toBeNull();
    }
  });
});
