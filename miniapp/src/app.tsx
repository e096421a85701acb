import { lazy, type ReactNode, Suspense, useEffect } from "react";
import { Route, Routes } from "react-router-dom";
import { AnimationRoutes, BottomNavigation, useLocation, useNavigate, App as ZaloApp } from "zmp-ui";
import { api } from "./api/api.ts";
import { BookIcon, ChartIcon, HomeIcon, InboxIcon, PlusIcon } from "./components/icons.tsx";
import { Loading } from "./components/screen.tsx";
import { ToastProvider } from "./components/toast.tsx";
import { useResource } from "./components/use-resource.ts";
import { OutboxProvider } from "./outbox/use-outbox.tsx";
import { ContentPage } from "./pages/content-page.tsx";
import { HelpDetailPage } from "./pages/help-detail-page.tsx";
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
const TakeoversAdminPage = lazy(() =>
  import("./pages/admin/takeovers-admin-page.tsx").then((m) => ({ default: m.TakeoversAdminPage })),
);
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
const KnowledgeAdminPage = lazy(() =>
  import("./pages/admin/knowledge-admin-page.tsx").then((m) => ({ default: m.KnowledgeAdminPage })),
);
const KnowledgeEntryPage = lazy(() =>
  import("./pages/admin/knowledge-admin-page.tsx").then((m) => ({ default: m.KnowledgeEntryPage })),
);
const KnowledgeNewEntryPage = lazy(() =>
  import("./pages/admin/knowledge-admin-page.tsx").then((m) => ({ default: m.KnowledgeNewEntryPage })),
);
const UnansweredAdminPage = lazy(() =>
  import("./pages/admin/unanswered-admin-page.tsx").then((m) => ({ default: m.UnansweredAdminPage })),
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
const EventsPage = lazy(() => import("./pages/events/events-page.tsx").then((m) => ({ default: m.EventsPage })));
const EventPage = lazy(() => import("./pages/events/event-page.tsx").then((m) => ({ default: m.EventPage })));
const EventFormPage = lazy(() =>
  import("./pages/events/event-form-page.tsx").then((m) => ({ default: m.EventFormPage })),
);
const EventEditPage = lazy(() =>
  import("./pages/events/event-form-page.tsx").then((m) => ({ default: m.EventEditPage })),
);
const QuizzesAdminPage = lazy(() =>
  import("./pages/admin/quizzes-admin-page.tsx").then((m) => ({ default: m.QuizzesAdminPage })),
);
const QuizNewPage = lazy(() =>
  import("./pages/admin/quizzes-admin-page.tsx").then((m) => ({ default: m.QuizNewPage })),
);
const QuizEditPage = lazy(() =>
  import("./pages/admin/quizzes-admin-page.tsx").then((m) => ({ default: m.QuizEditPage })),
);
const QuizDetailPage = lazy(() =>
  import("./pages/admin/quizzes-admin-page.tsx").then((m) => ({ default: m.QuizDetailPage })),
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

  // The inbox badge: requests waiting in the member's unit, read again on every page change.
  const counts = useResource(() => api.helpCounts(), [location.pathname]);
  const waitingHelp = counts.data?.open ?? 0;
  // A member's QR code opens `https://zalo.me/s/<app>/?to=/content/<id>` (bot/src/qr/qr-links.ts): go there once.
  useEffect(() => {
    const to = new URLSearchParams(window.location.search).get("to");
    if (to && /^\/[\w/-]*$/.test(to)) navigate(to, { replace: true });
  }, [navigate]);

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
          <Route path="/help/:id" element={<HelpDetailPage />} />
          <Route path="/content" element={<ContentPage />} />
          <Route path="/content/:id" element={<ContentDetailPage />} />
          <Route path="/stats" element={<StatsPage />} />
          <Route path="/events" element={<EventsPage />} />
          {leader ? <Route path="/events/new" element={<EventFormPage />} /> : null}
          {leader ? <Route path="/events/:id/edit" element={<EventEditPage />} /> : null}
          <Route path="/events/:id" element={<EventPage />} />
          {leader ? <Route path="/admin" element={<AdminPage />} /> : null}
          {leader ? <Route path="/admin/members" element={<MembersAdminPage />} /> : null}
          {leader ? <Route path="/admin/exports" element={<ExportsAdminPage />} /> : null}
          {leader ? <Route path="/admin/takeovers" element={<TakeoversAdminPage />} /> : null}
          {leader ? <Route path="/admin/quizzes" element={<QuizzesAdminPage />} /> : null}
          {admin ? <Route path="/admin/quizzes/new" element={<QuizNewPage />} /> : null}
          {leader ? <Route path="/admin/quizzes/:id" element={<QuizDetailPage />} /> : null}
          {admin ? <Route path="/admin/quizzes/:id/edit" element={<QuizEditPage />} /> : null}
          {admin ? <Route path="/admin/units" element={<UnitsAdminPage />} /> : null}
          {admin ? <Route path="/admin/content" element={<ContentAdminPage />} /> : null}
          {admin ? <Route path="/admin/content/:id" element={<ContentEditorPage />} /> : null}
          {admin ? <Route path="/admin/broadcast" element={<BroadcastAdminPage />} /> : null}
          {admin ? <Route path="/admin/broadcast/:id" element={<BroadcastStatusPage />} /> : null}
          {admin ? <Route path="/admin/unanswered" element={<UnansweredAdminPage />} /> : null}
          {admin ? <Route path="/admin/knowledge" element={<KnowledgeAdminPage />} /> : null}
          {admin ? <Route path="/admin/knowledge/new" element={<KnowledgeNewEntryPage />} /> : null}
          {admin ? <Route path="/admin/knowledge/:id" element={<KnowledgeEntryPage />} /> : null}
          <Route path="*" element={<HomePage />} />
        </Switch>
      </Suspense>
      <BottomNavigation fixed activeKey={activeTab} onChange={(key) => navigate(key)} className="bottom-nav">
        {TABS.map((tab) => (
          <BottomNavigation.Item
            key={tab.key}
            itemKey={tab.key}
            label={tab.label}
            icon={tab.key === "/help" ? <WithBadge count={waitingHelp}>{tab.icon}</WithBadge> : tab.icon}
          />
        ))}
      </BottomNavigation>
    </>
  );
}

/** A small red count on a tab's icon; nothing when zero. */
function WithBadge({ count, children }: { count: number; children: ReactNode }) {
  return (
    <span className="tab-icon-badge">
      {children}
      {count > 0 ? (
        <span className="badge" data-testid="help-badge" title={`${count} yêu cầu đang chờ`}>
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </span>
  );
}
