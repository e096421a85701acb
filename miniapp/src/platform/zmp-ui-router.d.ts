// zmp-ui does not export the context its `ZMPRouter` provides; `Header`, `Page`, `BottomNavigation` and
// `useNavigate` read it. The browser router in app-router.tsx provides it itself.
declare module "zmp-ui/esm/components/router/ZMPRouter" {
  import type { Context } from "react";
  import type { AnimationRouterContextType } from "zmp-ui/router";
  export const AnimationRouterContext: Context<AnimationRouterContextType | undefined>;
}
