import { describe, expect, it } from "vitest";
import { createContactSeal } from "./contact-seal.ts";
import { convertZaloEvent } from "./convert-zalo-event.ts";
import { redactZaloEvent } from "./redact-zalo-event.ts";
import { type ZaloEvent, zaloEventSchema } from "./zalo-event.ts";

const envelope = {
  app_id: "1",
  sender: { id: "2468000000000000003" },
  recipient: { id: "3886000000000000002" },
  timestamp: "1732780000000",
};
const event = (event_name: string, message: Record<string, unknown>): ZaloEvent =>
  zaloEventSchema.parse({ ...envelope, event_name, message: { msg_id: "m1", ...message } });

describe("redactZaloEvent", () => {
  it("masks the text of a text event and says which kinds it hid", () => {
    const stored = redactZaloEvent(event("user_send_text", { text: "cccd 038123456789 0912345678" }));
    expect(JSON.stringify(stored)).not.toContain("038123456789");
    expect(stored).toMatchObject({ message: { text: expect.stringContaining("0912345678") } });
    expect(stored.privacy).toEqual({ masked: ["CITIZEN_ID"] });
  });

  it("masks what a staff member typed in Zalo's OA chat (the oa_send_text echo), which may repeat the resident's ID", () => {
    const stored = redactZaloEvent(
      event("oa_send_text", { text: "Cháu đã ghi số căn cước 038123456789 của bác, mật khẩu: Hoa@1990" }),
    );
    const json = JSON.stringify(stored);
    expect(json).not.toContain("038123456789");
    expect(json).not.toContain("Hoa@1990");
    expect(stored).toMatchObject({ message: { text: expect.stringContaining("Cháu đã ghi số căn cước") } });
    expect(stored.privacy).toEqual({ masked: ["CITIZEN_ID", "PASSWORD"] });
  });

  it("keeps only the type of an image, file, sticker or link: no URL, no title, no caption", () => {
    const image = redactZaloEvent(
      event("user_send_image", {
        text: "ảnh cccd của em",
        attachments: [
          { type: "image", payload: { url: "https://f6.photo.talk.zdn.vn/cccd.jpg", thumbnail: "https://t/cccd.jpg" } },
        ],
      }),
    );
    const link = redactZaloEvent(
      event("user_send_link", {
        text: "https://example.vn/ho-so?id=038123456789",
        attachments: [{ type: "link", payload: { url: "https://example.vn/x", description: "Hồ sơ", thumbnail: "t" } }],
      }),
    );
    const file = redactZaloEvent(
      event("user_send_file", {
        attachments: [{ type: "file", payload: { url: "https://f/x.pdf", name: "cccd.pdf" } }],
      }),
    );
    for (const stored of [image, link, file]) {
      const json = JSON.stringify(stored);
      expect(json).not.toContain("https://");
      expect(json).not.toContain("cccd");
      expect(json).not.toContain("038123456789");
    }
    expect(image).toMatchObject({ message: { msg_id: "m1", attachments: [{ type: "image" }] } });
    expect(convertZaloEvent(image)).toMatchObject({ kind: "attachment", attachment: "image" });
  });

  it("rounds a location to about 1 km, whether Zalo sends numbers or strings", () => {
    const stored = redactZaloEvent(
      event("user_send_location", {
        attachments: [{ type: "location", payload: { coordinates: { latitude: "19.851234", longitude: 105.876543 } } }],
      }),
    );
    expect(stored).toMatchObject({
      message: {
        attachments: [{ type: "location", payload: { coordinates: { latitude: 19.85, longitude: 105.88 } } }],
      },
    });
    expect(JSON.stringify(stored)).not.toContain("851234");
    expect(convertZaloEvent(stored)).toMatchObject({ kind: "location", latitude: 19.85, longitude: 105.88 });
  });

  it("keeps only the field names of a submitted form", () => {
    const stored = redactZaloEvent(
      zaloEventSchema.parse({
        ...envelope,
        event_name: "user_submit_info",
        info: { name: "Nguyễn Văn A", phone: "0912345678", address: "Thôn Đông" },
      }),
    );
    expect(stored.info).toEqual({ fields: ["name", "phone", "address"] });
    expect(JSON.stringify(stored)).not.toContain("Nguyễn");
  });

  it("seals the shared phone and address for the worker, flat or nested, and keeps nothing readable", () => {
    const seal = createContactSeal("a-session-secret-of-at-least-32-characters");
    const shapes = [
      { name: "Nguyễn Văn A", phone: "84912345678", address: "Thôn Đông", district: "Hoằng Hóa", city: "Thanh Hóa" },
      {
        name: "Nguyễn Văn A",
        phone: "84912345678",
        user_dob: "30/10/1999",
        gender: "Nam",
        full_address: { user_city: "Thanh Hóa", user_ward: "Xã Hoằng Đạo", user_address: "Thôn Đông" },
      },
    ];
    for (const info of shapes) {
      const stored = redactZaloEvent(zaloEventSchema.parse({ ...envelope, event_name: "user_submit_info", info }), {
        seal,
      });
      const text = JSON.stringify(stored);
      for (const value of ["Nguyễn", "912345678", "Thôn Đông", "1999", "Thanh Hóa"]) expect(text).not.toContain(value);
      const sealed = (stored.info as { sealed?: string }).sealed ?? "";
      const opened = seal.open(sealed);
      expect(opened?.phone).toBe("84912345678");
      expect(opened?.address).toContain("Thôn Đông");
      expect(opened?.address).toContain("Thanh Hóa");
      // Another deployment's secret (or a tampered row) opens nothing.
      expect(createContactSeal("another-session-secret-of-32-characters!").open(sealed)).toBeNull();
      expect(seal.open(`${sealed.slice(0, -2)}AA`)).toBeNull();
    }
  });
});
