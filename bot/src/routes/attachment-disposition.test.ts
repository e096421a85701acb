import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./attachment-disposition.ts";

/** What a browser would save the file as, from `filename*` (which browsers prefer). */
function savedName(header: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1] ?? "";
  return decodeURIComponent(encoded);
}

describe("attachmentDisposition", () => {
  it("keeps the Vietnamese name in filename* and folds it to ASCII in filename", () => {
    const header = attachmentDisposition("Mã QR - Tìm hiểu Nghị quyết Đại hội Đoàn.png");
    expect(header).toBe(
      `attachment; filename="ma-qr-tim-hieu-nghi-quyet-dai-hoi-doan.png"; filename*=UTF-8''M%C3%A3%20QR%20-%20T%C3%ACm%20hi%E1%BB%83u%20Ngh%E1%BB%8B%20quy%E1%BA%BFt%20%C4%90%E1%BA%A1i%20h%E1%BB%99i%20%C4%90o%C3%A0n.png`,
    );
    expect(savedName(header)).toBe("Mã QR - Tìm hiểu Nghị quyết Đại hội Đoàn.png");
  });

  it("never lets a title break the header or name a path", () => {
    const header = attachmentDisposition('Thi "Đoàn"; a/b\\c\r\nX-Evil: 1 (vòng *1*).svg');
    expect(header).not.toMatch(/[\r\n]/);
    expect(/filename="([^"]*)"/.exec(header)?.[1]).toBe("thi-doan-a-b-c-x-evil-1-vong-1.svg");
    expect(savedName(header)).toBe("Thi Đoàn ; a b c X-Evil 1 (vòng 1 ).svg");
    expect(header).toContain("%28v%C3%B2ng%201%20%29");
  });

  it("shortens a long title and names an empty one", () => {
    const long = attachmentDisposition(`${"Ngày hội định danh ".repeat(20)}.png`);
    expect([...savedName(long)].length).toBeLessThanOrEqual(84);
    expect(savedName(long).endsWith(".png")).toBe(true);
    expect(attachmentDisposition("???.csv")).toBe(`attachment; filename="tep.csv"; filename*=UTF-8''tep.csv`);
  });
});
