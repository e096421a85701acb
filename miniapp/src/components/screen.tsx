import type { ReactNode } from "react";
import { Header, Page, useNavigate } from "zmp-ui";
import { BackIcon } from "./icons.tsx";

interface ScreenProps {
  title: string;
  /** Sub-pages show a back button; the five tab roots do not. */
  back?: boolean;
  /** Tab roots leave room for the bottom navigation. */
  withNav?: boolean;
  children: ReactNode;
  testId?: string;
}

/**
 * One screen: zmp-ui's fixed `Header` and a `Page` padded below it (the header is `position: fixed` and would
 * otherwise cover and swallow taps on the first rows) and above the bottom navigation.
 */
export function Screen({ title, back = false, withNav = true, children, testId }: ScreenProps) {
  const navigate = useNavigate();
  return (
    <Page className={withNav ? "screen screen-with-nav" : "screen"} data-testid={testId}>
      <Header
        title={title}
        showBackIcon={back}
        backIcon={<BackIcon />}
        onBackClick={() => navigate(-1)}
        className="app-header"
      />
      <div className="screen-body">{children}</div>
    </Page>
  );
}

export function Card({ title, children, className }: { title?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ""}`}>
      {title ? <h2 className="card-title">{title}</h2> : null}
      {children}
    </section>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorText({ children }: { children: ReactNode }) {
  return children ? (
    <p className="error-text" role="alert">
      {children}
    </p>
  ) : null;
}

export function Loading() {
  return (
    <p className="loading" aria-busy="true">
      Đang tải…
    </p>
  );
}

/** A loaded resource's state while it has nothing to show yet: "Đang tải…" while loading, and its error if any. */
export function ResourceStatus({ resource }: { resource: { loading: boolean; data: unknown; error: string | null } }) {
  return (
    <>
      {resource.loading && !resource.data ? <Loading /> : null}
      <ErrorText>{resource.error}</ErrorText>
    </>
  );
}
