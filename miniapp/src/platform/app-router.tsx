import type { ReactNode } from "react";
import { BrowserRouter } from "react-router-dom";
import { ZMPRouter } from "zmp-ui";
import { insideZalo } from "./zalo-platform.ts";

/**
 * Inside Zalo, `ZMPRouter` (basename `/zapps/<APP_ID>`, page transitions, scroll restoration).
 * Outside Zalo `APP_ID` is undefined and a production build of ZMPRouter would route under `/zapps/undefined`
 * and render a blank page at `/`: the browser build (development, tests) routes from `/` deliberately.
 */
export function AppRouter({ children }: { children: ReactNode }) {
  if (insideZalo) return <ZMPRouter>{children}</ZMPRouter>;
  return <BrowserRouter basename="/">{children}</BrowserRouter>;
}
