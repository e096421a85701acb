import { describe, expect, it } from "vitest";
import { isListOfChoices } from "./match-own-send.ts";

describe("isListOfChoices", () => {
  const messages = [{ buttons: [{ title: "Xong" }, { title: "Gặp khó khăn" }] }];

  it("recognises the numbered choices of a row's buttons sent as a message of their own", () => {
    expect(isListOfChoices("Nhắn số để chọn:\n1. Xong\n2. Gặp khó khăn", messages)).toBe(true);
  });

  it("does not take a staff answer, or a list of other titles, for one", () => {
    expect(isListOfChoices("Dạ, cháu gọi lại ngay ạ.", messages)).toBe(false);
    expect(isListOfChoices("1. Xong\n2. Gọi cho cháu", messages)).toBe(false);
    expect(isListOfChoices("Nhắn số để chọn:", messages)).toBe(false);
    expect(isListOfChoices("1. Xong", [{ buttons: [] }])).toBe(false);
  });
});
