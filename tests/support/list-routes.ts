import type { FastifyInstance } from "fastify";

/** A route as "METHOD /path", e.g. "POST /api/members/:id/approve". */
export type RouteKey = `${string} /${string}`;

/**
 * Every route the app serves, read from Fastify's own route tree (`printRoutes`), so a route added tomorrow shows up
 * in the tests that must cover every route. HEAD (Fastify adds one to each GET) and the CORS `OPTIONS *` are left
 * out: they answer what their GET or the CORS plugin answers.
 */
export function listRoutes(app: FastifyInstance): RouteKey[] {
  const routes: RouteKey[] = [];
  const prefixes: string[] = [];
  // Each line is a node of the radix tree: indentation gives its depth, its text is appended to its parent's path.
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1]?.length ?? 0) / 4;
    prefixes.length = depth;
    const path = `${prefixes.join("")}${match[2]}`;
    prefixes.push(match[2] ?? "");
    for (const method of (match[3] ?? "").split(",").map((m) => m.trim())) {
      if (!method || method === "HEAD" || method === "OPTIONS") continue;
      routes.push(`${method} ${path}` as RouteKey);
    }
  }
  return [...new Set(routes)].sort();
}
