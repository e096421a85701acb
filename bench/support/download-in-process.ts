// The admin's download in a process of its own, as it runs on the admin's phone: reading an 8 MB body through
// `fetch` in the bench's process would stall the load generator's event loop, and every webhook request then in
// flight would be timed with that stall in it. Streams the file, counts its bytes, answers the count over IPC.
import { argv } from "node:process";

const url = argv[2];
if (!url) throw new Error("usage: download-in-process.ts <url>");
const response = await fetch(url);
if (!response.ok || !response.body) throw new Error(`download: ${response.status}`);
let bytes = 0;
for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
process.send?.({ bytes }, () => process.exit(0));
