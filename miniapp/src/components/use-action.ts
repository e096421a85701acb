import { useState } from "react";
import { describeError } from "../api/api-client.ts";
import { useToast } from "./toast.tsx";

/**
 * One tap that calls the API: disables its buttons while running, shows a success toast, refreshes the list, and
 * keeps the error (in Vietnamese) next to the buttons when it fails.
 */
export function useAction(onDone: () => void) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      toast.show(done, "success");
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, act };
}
