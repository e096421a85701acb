import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import QRCode from "qrcode";

/**
 * A printable QR code with its title and a caption under it, for posters and infographics: an SVG we compose (the
 * code as one path, the text as text) and the same SVG rasterised to PNG by resvg (WebAssembly, no native module)
 * with DejaVu Sans, which has every Vietnamese letter. Everything is generated here; nothing leaves the server.
 */

/** The code's side in the SVG's units; the PNG is drawn at PNG_SCALE times that (print quality). */
const CODE_SIDE = 600;
const PNG_SCALE = 2;
const PADDING = 32;
const TITLE_SIZE = 30;
const CAPTION_SIZE = 22;
const LINE_GAP = 1.3;
const MAX_TITLE_LINES = 3;
/** DejaVu Sans Bold's average advance is about 0.62 em for Vietnamese text: enough to wrap without measuring. */
const BOLD_EM_PER_CHAR = 0.62;
const REGULAR_EM_PER_CHAR = 0.56;
const FONT_FAMILY = "DejaVu Sans";

export interface QrPosterInput {
  url: string;
  title: string;
  caption: string;
}

export function renderQrSvg({ url, title, caption }: QrPosterInput): string {
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const quiet = 4;
  const module = CODE_SIDE / (size + quiet * 2);
  let path = "";
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.modules.get(x, y)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    }
  }
  const width = CODE_SIDE + PADDING * 2;
  const textWidth = width - PADDING * 2;
  const titleLines = wrap(title, Math.floor(textWidth / (TITLE_SIZE * BOLD_EM_PER_CHAR)), MAX_TITLE_LINES);
  const captionLines = wrap(caption, Math.floor(textWidth / (CAPTION_SIZE * REGULAR_EM_PER_CHAR)), 2);
  // The quiet zone below the code is white already: the title starts inside it.
  let y = PADDING + CODE_SIDE - module * 2;
  const text: string[] = [];
  for (const line of titleLines) {
    y += TITLE_SIZE * LINE_GAP;
    text.push(`<text x="${width / 2}" y="${y}" font-size="${TITLE_SIZE}" font-weight="bold">${escapeXml(line)}</text>`);
  }
  y += CAPTION_SIZE * 0.4;
  for (const line of captionLines) {
    y += CAPTION_SIZE * LINE_GAP;
    text.push(`<text x="${width / 2}" y="${y}" font-size="${CAPTION_SIZE}">${escapeXml(line)}</text>`);
  }
  const height = Math.ceil(y + PADDING);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<g transform="translate(${PADDING} ${PADDING}) scale(${module})"><path fill="#000" shape-rendering="crispEdges" d="${path}"/></g>`,
    `<g font-family="${FONT_FAMILY}, Arial, Helvetica, sans-serif" fill="#000" text-anchor="middle">`,
    ...text,
    "</g>",
    "</svg>",
  ].join("\n");
}

let ready: Promise<Uint8Array[]> | null = null;

/** resvg's WebAssembly and the fonts, loaded once per process. */
function loadRenderer(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    await initWasm(await readFile(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    return Promise.all(
      ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map(
        async (file) => new Uint8Array(await readFile(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))),
      ),
    );
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

export async function renderQrPng(input: QrPosterInput): Promise<Buffer> {
  const fontBuffers = await loadRenderer();
  const svg = renderQrSvg(input);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: PNG_SCALE },
    font: { fontBuffers, defaultFontFamily: FONT_FAMILY, loadSystemFonts: false },
    background: "#ffffff",
  });
  const image = resvg.render();
  const png = Buffer.from(image.asPng());
  image.free();
  resvg.free();
  return png;
}

/** Words into at most `maxLines` lines of about `perLine` characters; the last one ends in "…" when cut. */
export function wrap(text: string, perLine: number, maxLines: number): string[] {
  const words = text.normalize("NFC").trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= perLine || !line) {
      line = next.length > perLine ? `${next.slice(0, perLine - 1)}…` : next;
      continue;
    }
    lines.push(line);
    line = word;
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && line) lines.push(line);
  else if (lines.length === maxLines && words.join(" ").length > lines.join(" ").length) {
    const last = lines[maxLines - 1] ?? "";
    lines[maxLines - 1] = `${last.slice(0, Math.max(0, perLine - 1))}…`;
  }
  return lines;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
