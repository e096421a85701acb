/**
 * Small generated SVGs the emulator serves as avatars, stickers and sample photos, so that demo pages and
 * the mini-app show real images without any network access.
 */

const AVATAR_COLORS = ["#0068ff", "#00a86b", "#f28c28", "#8e44ad", "#e74c3c", "#16a085", "#2c3e50"];

export const STICKERS = [
  { id: "xks-like", emoji: "👍", label: "Thích" },
  { id: "xks-heart", emoji: "❤️", label: "Thương" },
  { id: "xks-haha", emoji: "😂", label: "Haha" },
  { id: "xks-party", emoji: "🎉", label: "Chúc mừng" },
  { id: "xks-thanks", emoji: "🙏", label: "Cảm ơn" },
  { id: "xks-wow", emoji: "😮", label: "Wow" },
] as const;

export const SAMPLE_IMAGES = [
  { id: "1", title: "Ổ gà trên đường", color: "#6d8a96", emoji: "🚧" },
  { id: "2", title: "Rác thải ven kênh", color: "#7a9a5b", emoji: "🗑️" },
  { id: "3", title: "Đèn đường hỏng", color: "#44475a", emoji: "💡" },
] as const;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h;
}

/** Initials on a coloured disc, like Zalo's default avatars. */
export function renderAvatarSvg(seed: string, name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const initials = ((words.at(-2)?.[0] ?? "") + (words.at(-1)?.[0] ?? "")).toUpperCase() || "?";
  const color = AVATAR_COLORS[hash(seed) % AVATAR_COLORS.length] ?? "#0068ff";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240"><circle cx="120" cy="120" r="120" fill="${color}"/><text x="120" y="150" font-family="Arial, sans-serif" font-size="92" font-weight="bold" fill="#fff" text-anchor="middle">${escapeXml(initials)}</text></svg>`;
}

export function renderStickerSvg(stickerId: string): string | null {
  const sticker = STICKERS.find((s) => s.id === stickerId);
  if (!sticker) return null;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><text x="80" y="112" font-size="96" text-anchor="middle">${sticker.emoji}</text></svg>`;
}

export function renderSampleImageSvg(imageId: string): string | null {
  const image = SAMPLE_IMAGES.find((i) => i.id === imageId);
  if (!image) return null;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360"><rect width="480" height="360" fill="${image.color}"/><circle cx="380" cy="80" r="40" fill="#ffe08a"/><path d="M0 300 L140 170 L250 260 L330 200 L480 310 L480 360 L0 360 Z" fill="#2f3e46" opacity="0.7"/><text x="240" y="190" font-size="90" text-anchor="middle">${image.emoji}</text><text x="240" y="340" font-family="Arial, sans-serif" font-size="28" fill="#fff" text-anchor="middle">${escapeXml(image.title)}</text></svg>`;
}
