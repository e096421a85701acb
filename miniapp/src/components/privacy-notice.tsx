import { describePrivacyWarning, detectSensitiveKinds } from "@xks/shared/privacy/detect-sensitive-kinds";
import { useMemo } from "react";

/**
 * Warns an admin, while they write, that a text residents will read seems to hold an ID number, a card number, an
 * OTP or a password. The same privacy guard runs on the server, which saves the text as written and answers with
 * the same warning (`privacyWarnings`).
 */
export function PrivacyNotice({ text }: { text: string }) {
  const warning = useMemo(() => describePrivacyWarning(detectSensitiveKinds(text)), [text]);
  return warning ? (
    <output className="privacy-warning" aria-live="polite" data-testid="privacy-warning">
      {warning}
    </output>
  ) : null;
}
