import { describe, expect, it } from "vitest";
import { readSubmittedContact } from "./read-submitted-contact.ts";

describe("readSubmittedContact", () => {
  it("reads the flat shape of older integrations", () => {
    expect(
      readSubmittedContact({ name: "A", phone: "84912345678", address: "Thôn 3", district: "Hoằng Hóa", city: "" }),
    ).toEqual({ phone: "84912345678", address: "Thôn 3, Hoằng Hóa" });
  });
  it("reads the 2026 documentation sample, address nested in full_address", () => {
    expect(
      readSubmittedContact({
        name: "Name Example",
        phone: "84912345678",
        user_dob: "30/10/1999",
        gender: "Nam",
        full_address: {
          user_city: "Thành phố Hồ Chí Minh",
          user_ward: "Phường Tân Thuận",
          user_address: "Đường số 13, KCX Tân Thuận Đông",
        },
      }),
    ).toEqual({
      phone: "84912345678",
      address: "Đường số 13, KCX Tân Thuận Đông, Phường Tân Thuận, Thành phố Hồ Chí Minh",
    });
  });
  it("takes what is there and nothing that is not", () => {
    expect(readSubmittedContact({ name: "A" })).toEqual({ phone: null, address: null });
    expect(readSubmittedContact({ phone: 84912345678 })).toEqual({ phone: "84912345678", address: null });
    expect(readSubmittedContact(null)).toEqual({ phone: null, address: null });
    expect(readSubmittedContact({ full_address: "Thôn 1, Hoằng Đạo" }).address).toBe("Thôn 1, Hoằng Đạo");
  });
});
