import type { ServiceCount, WeekPoint } from "@xks/shared/api/dashboards";
import { formatDay, formatNumber, formatPercent, SERVICE_SHORT_LABELS } from "./format.ts";

/** Weekly trend of people helped as SVG columns; no chart library (initial JavaScript stays small). */
export function WeeklyTrendChart({ points }: { points: readonly WeekPoint[] }) {
  const width = 320;
  const height = 150;
  const labelSpace = 22;
  const max = Math.max(1, ...points.map((p) => p.people));
  const slot = width / Math.max(1, points.length);
  const barWidth = Math.min(28, slot * 0.6);
  return (
    <svg
      className="trend-chart"
      viewBox={`0 0 ${width} ${height + labelSpace}`}
      role="img"
      aria-label="Số người được hỗ trợ theo tuần"
    >
      {points.map((p, i) => {
        const h = Math.round((p.people / max) * (height - 24));
        const x = i * slot + (slot - barWidth) / 2;
        const y = height - h;
        return (
          <g key={p.weekStart}>
            <rect x={x} y={y} width={barWidth} height={Math.max(h, 1)} rx="3" className="trend-bar" />
            <text x={x + barWidth / 2} y={y - 6} textAnchor="middle" className="trend-value">
              {p.people}
            </text>
            <text x={x + barWidth / 2} y={height + 16} textAnchor="middle" className="trend-label">
              {formatDay(p.weekStart)}
            </text>
          </g>
        );
      })}
      <line x1="0" x2={width} y1={height} y2={height} className="trend-axis" />
    </svg>
  );
}

/** Horizontal bars: entries per service. */
export function ServiceBars({ counts }: { counts: readonly ServiceCount[] }) {
  const max = Math.max(1, ...counts.map((c) => c.logs));
  const sorted = [...counts].sort((a, b) => b.logs - a.logs);
  return (
    <ul className="hbars">
      {sorted.map((c) => (
        <li key={c.service}>
          <span className="hbar-label">{SERVICE_SHORT_LABELS[c.service]}</span>
          <span className="hbar-track">
            <span className="hbar-fill" style={{ width: `${(c.logs / max) * 100}%` }} />
          </span>
          <span className="hbar-value">{formatNumber(c.logs)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Progress against a target; over 100 % is shown as full and labelled with the real figure. */
export function ProgressBar({ ratio, label }: { ratio: number; label: string }) {
  const clamped = Math.max(0, Math.min(1, ratio));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuenow={Math.round(ratio * 100)}>
      <span className="progress-fill" style={{ width: `${clamped * 100}%` }} />
      <span className="progress-text">{formatPercent(ratio)}</span>
    </div>
  );
}
