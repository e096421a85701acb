import { type ReactNode, useMemo, useRef } from "react";
import { BrowserRouter } from "react-router-dom";
import { ZMPRouter } from "zmp-ui";
import { AnimationRouterContext } from "zmp-ui/esm/components/router/ZMPRouter";
import type { AnimationRouterContextType } from "zmp-ui/router";
import { insideZalo } from "./zalo-platform.ts";

/**
 * Inside Zalo, `ZMPRouter` (basename `/zapps/<APP_ID>`, page transitions, scroll restoration).
 * Outside Zalo `APP_ID` is undefined, and a production build of ZMPRouter routes under `/zapps/undefined`,
 * a blank page at `/`. The browser build (development, tests) routes from `/` deliberately, and provides the
 * router context zmp-ui's `Header`, `Page`, `BottomNavigation` and `useNavigate` expect, without transitions.
 */
export function AppRouter({ children }: { children: ReactNode }) {
  if (insideZalo) return <ZMPRouter>{children}</ZMPRouter>;
  return <BrowserAppRouter>{children}</BrowserAppRouter>;
}

function BrowserAppRouter({ children }: { children: ReactNode }) {
  const positions = useRef<Record<string, number>>({});
  const context = useMemo<AnimationRouterContextType>(
    () => ({
      animate: false,
      direction: "forward",
      setAnimate: () => undefined,
      pageScrollPosition: positions.current,
      updatePosition: (key, position) => {
        positions.current[key] = position;
      },
    }),
    [],
  );
  return (
    <AnimationRouterContext.Provider value={context}>
      <BrowserRouter basename="/">{children}</BrowserRouter>
    </AnimationRouterContext.Provider>
  );
}
