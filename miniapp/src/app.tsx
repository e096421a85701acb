import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { AnimationRoutes, BottomNavigation, useLocation, useNavigate, App as ZaloApp } from "zmp-ui";
import { BookIcon, ChartIcon, HomeIcon, InboxIcon, PlusIcon } from "./components/icons.tsx";
import { Loading } from "./components/screen.tsx";
import { ToastProvider } from "./components/toast.tsx";
import { OutboxProvider } from "./outbox/use-outbox.tsx";
import { ContentPage } from "./pages/content-page.tsx";
import { HelpPage } from "./pages/help-page.tsx";
import { HomePage } from "./pages/home-page.tsx";
import { LogPage } from "./pages/log-page.tsx";
import { MyLogsPage } from "./pages/my-logs-page.tsx";
import { PendingPage } from "./pages/pending-page.tsx";
import { RegisterPage } from "./pages/register-page.tsx";
import { WelcomePage } from "./pages/welcome-page.tsx";
import { AppRouter } from "./platform/app-router.tsx";
import { insideZalo } from "./platform/zalo-platform.ts";
import { isLeadOrAdmin, SessionProvider, useSession } from "./session/session.tsx";

// Screens a member rarely opens first load on demand, keeping the initial JavaScript small on weak networks.
const AdminPage = lazy(() => import("./pages/admin/admin-page.tsx").then((m) => ({ default: m.AdminPage })));
const BroadcastAdminPage = lazy(() =>
  import("./pages/admin/broadcast-admin-page.tsx").then((m) => ({ default: m.BroadcastAdminPage })),
);
const BroadcastStatusPage = lazy(() =>
  import("./pages/admin/broadcast-status-page.tsx").then((m) => ({ default: m.BroadcastStatusPage })),
);
const ContentAdminPage = lazy(() =>
  import("./pages/admin/content-admin-page.tsx").then((m) => ({ default: m.ContentAdminPage })),
);
const ContentEditorPage = lazy(() =>
  import("./pages/admin/content-admin-page.tsx").then((m) => ({ default: m.ContentEditorPage })),
);
const ExportsAdminPage = lazy(() =>
  import("./pages/admin/exports-admin-page.tsx").then((m) => ({ default: m.ExportsAdminPage })),
);
const MembersAdminPage = lazy(() =>
  import("./pages/admin/members-admin-page.tsx").then((m) => ({ default: m.MembersAdminPage })),
);
const UnitsAdminPage = lazy(() =>
  import("./pages/admin/units-admin-page.tsx").then((m) => ({ default: m.UnitsAdminPage })),
);
const ContentDetailPage = lazy(() =>
  import("./pages/content-detail-page.tsx").then((m) => ({ default: m.ContentDetailPage })),
);
const StatsPage = lazy(() => import("./pages/stats-page.tsx").then((m) => ({ default: m.StatsPage })));

/** Root: Zalo's App shell, the router, the session and the outbox; then the gate (who may see what). */
export function App() {
  return (
    <ZaloApp>
      <AppRouter>
        <ToastProvider>
          <SessionProvider>
            <OutboxProvider>
              <Gate />
            </OutboxProvider>
          </SessionProvider>
        </ToastProvider>
      </AppRouter>
    </ZaloApp>
  );
}

function Gate() {
  const { state, member } = useSession();
  if (state.status === "loading") return <Loading />;
  if (state.status === "signed-out") return <WelcomePage error={state.error} />;
  if (!member) return <RegisterPage />;
  if (member.status !== "ACTIVE") return <PendingPage />;
  return <MemberApp />;
}

const TABS = [
  { key: "/", label: "Trang chủ", icon: <HomeIcon /> },
  { key: "/log", label: "Ghi nhận", icon: <PlusIcon /> },
  { key: "/help", label: "Yêu cầu", icon: <InboxIcon /> },
  { key: "/content", label: "Tài liệu", icon: <BookIcon /> },
  { key: "/stats", label: "Thống kê", icon: <ChartIcon /> },
] as const;

function MemberApp() {
  const { member } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const leader = isLeadOrAdmin(member);
  const admin = member?.role === "ORG_ADMIN";
  const activeTab =
    TABS.slice(1).find((t) => location.pathname === t.key || location.pathname.startsWith(`${t.key}/`))?.key ?? "/";

  // Page transitions only inside Zalo: in a browser they add nothing and keep two pages in the DOM for 300 ms.
  const Switch = insideZalo ? AnimationRoutes : Routes;
  return (
    <>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/" element={<HomePage />} />
          <Route path="/log" element={<LogPage />} />
          <Route path="/log/:id" element={<LogPage />} />
          <Route path="/my-logs" element={<MyLogsPage />} />
          <Route path="/help" element={<HelpPage />} />
          <Route path="/content" element={<ContentPage />} />
          <Route path="/content/:id" element={<ContentDetailPage />} />
          <Route path="/stats" element={<StatsPage />} />
          {leader ? <Route path="/admin" element={<AdminPage />} /> : null}
          {leader ? <Route path="/admin/members" element={<MembersAdminPage />} /> : null}
          {leader ? <Route path="/admin/exports" element={<ExportsAdminPage />} /> : null}
          {admin ? <Route path="/admin/units" element={<UnitsAdminPage />} /> : null}
          {admin ? <Route path="/admin/content" element={<ContentAdminPage />} /> : null}
          {admin ? <Route path="/admin/content/:id" element={<ContentEditorPage />} /> : null}
          {admin ? <Route path="/admin/broadcast" element={<BroadcastAdminPage />} /> : null}
          {admin ? <Route path="/admin/broadcast/:id" element={<BroadcastStatusPage />} /> : null}
          <Route path="*" element={<HomePage />} />
        </Switch>
      </Suspense>
      <BottomNavigation fixed activeKey={activeTab} onChange={(key) => navigate(key)} className="bottom-nav">
        {TABS.map((tab) => (
          <BottomNavigation.Item key={tab.key} itemKey={tab.key} label={tab.label} icon={tab.icon} />
        ))}
      </BottomNavigation>
    </>
  );
}
