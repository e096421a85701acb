import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { renderQrPng, renderQrSvg, wrap } from "./render-qr-poster.ts";

const POSTER = {
  url: "https://zalo.me/4321098765432109876",
  title: "Cuộc thi tìm hiểu Nghị quyết Đại hội Đoàn toàn quốc lần thứ XII",
  caption: "Quét mã, rồi nhắn «THI ĐOÀN» cho Đoàn Thanh niên",
};

describe("QR posters", () => {
  it("the PNG decodes back to the link, and has the title's lines under the code", async () => {
    const png = PNG.sync.read(await renderQrPng(POSTER));
    expect(png.width).toBe(1328);
    expect(png.height).toBeGreaterThan(png.width);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(POSTER.url);
    // Ink below the code: the title and caption were drawn (the SVG's text, through the bundled font).
    const codeBottom = 2 * (32 + 600);
    let dark = 0;
    for (let y = codeBottom; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) if ((png.data[(y * png.width + x) * 4] ?? 255) < 128) dark++;
    }
    expect(dark).toBeGreaterThan(5_000);
  });

  it("the SVG carries the title with its diacritics as text, escaped", () => {
    const svg = renderQrSvg({ ...POSTER, title: "Thi <Đoàn> & Hội" });
    expect(svg).toContain("Thi &lt;Đoàn&gt; &amp; Hội");
    expect(svg).toContain("«THI ĐOÀN»");
    expect(svg.startsWith("<svg")).toBe(true);
  });

  it("wraps long titles into at most three lines", () => {
    const lines = wrap(`${POSTER.title} ${POSTER.title} ${POSTER.title}`, 30, 3);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines[2]?.endsWith("…")).toBe(true);
    expect(wrap("Ngắn", 30, 3)).toEqual(["Ngắn"]);
  });
});
