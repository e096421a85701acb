import { readFileSync } from "node:fs";
import { escapeHtml } from "./escape-html.ts";

/** Kept as a real .html file so it reads (and highlights) as a page; read once, served as one self-contained page. */
const TEMPLATE = readFileSync(new URL("./chat-page.html", import.meta.url), "utf8");

/** The resident's chat with the OA: Zalo-like, Vietnamese, live over SSE, no build step. */
export function renderChatPage(oaName: string): string {
  return TEMPLATE.replaceAll("__OA_NAME__", escapeHtml(oaName));
}
