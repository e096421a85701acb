import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

/**
 * A short message at the bottom of the screen. zmp-ui's snackbar draws its icons with the CDN icon font, which
 * shows as text when the network is weak, hence this small replacement.
 */
type Tone = "success" | "info" | "error";
interface ToastApi {
  show(text: string, tone?: Tone): void;
}

const TOAST_DURATION_MS = 3_500;
const ToastContext = createContext<ToastApi>({ show: () => undefined });

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<{ text: string; tone: Tone } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const show = useCallback((text: string, tone: Tone = "info") => {
    window.clearTimeout(timer.current);
    setToast({ text, tone });
    timer.current = window.setTimeout(() => setToast(null), TOAST_DURATION_MS);
  }, []);
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {toast ? (
        <output className={`toast toast-${toast.tone}`} aria-live="polite" data-testid="toast">
          {toast.text}
        </output>
      ) : null}
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
