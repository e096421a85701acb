import { apiBlob, type RequestOptions } from "./api-client.ts";

/** Downloads an export with the session token and hands it to the browser as a file named `filename`. */
export async function downloadExport(path: string, query: RequestOptions["query"], filename: string): Promise<void> {
  const blob = await apiBlob(path, query);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    link.rel = "noopener";
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before releasing the blob.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
