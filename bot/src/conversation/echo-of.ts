import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";

/**
 * What the resident typed, as the bot may repeat it, record it or hand it to a volunteer: through the privacy guard
 * again. The webhook masked the stored text already; this holds even for an event stored before the guard learnt a
 * form.
 */
export function echoOf(text: string): string {
  return redactSensitive(text).text.trim();
}
