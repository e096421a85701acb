import type { ReactNode, SVGProps } from "react";

/**
 * Inline SVG icons. zmp-ui's `Icon` draws ligatures of a font fetched from Zalo's CDN: on a weak or closed
 * network the names ("zi_home") would show as text, so the app draws its own.
 */
function Svg({ children, ...props }: SVGProps<SVGSVGElement> & { children: ReactNode }) {
  return (
    <svg
      width="24"
      height="24"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export const HomeIcon = () => (
  <Svg>
    <path d="M3 10.5 12 3l9 7.5" />
    <path d="M5 9.5V21h14V9.5" />
    <path d="M10 21v-6h4v6" />
  </Svg>
);

export const PlusIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="9.5" />
    <path d="M12 7.5v9M7.5 12h9" />
  </Svg>
);

export const InboxIcon = () => (
  <Svg>
    <path d="M3 13h5l1.5 3h5L16 13h5" />
    <path d="M5.5 5h13L21 13v6H3v-6z" />
  </Svg>
);

export const BookIcon = () => (
  <Svg>
    <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5z" />
    <path d="M4 20.5A2.5 2.5 0 0 0 6.5 23H20v-5" />
  </Svg>
);

export const ChartIcon = () => (
  <Svg>
    <path d="M4 20V10M10 20V4M16 20v-7M21 20H3" />
  </Svg>
);

export const BackIcon = () => (
  <Svg width="26" height="26">
    <path d="M15 5l-7 7 7 7" />
  </Svg>
);

export const CloudOffIcon = () => (
  <Svg>
    <path d="M3 3l18 18" />
    <path d="M8 8a5 5 0 0 0-1 .1A4.5 4.5 0 0 0 7.5 19H17m3.3-1.9A4 4 0 0 0 17 11h-.3A6 6 0 0 0 10 6.3" />
  </Svg>
);

export const CheckIcon = () => (
  <Svg>
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </Svg>
);

export const ClockIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Svg>
);

export const PinIcon = () => (
  <Svg width="18" height="18">
    <path d="M9 4h6l-1 6 4 3H6l4-3z" />
    <path d="M12 13v8" />
  </Svg>
);

export const SearchIcon = () => (
  <Svg>
    <circle cx="11" cy="11" r="7" />
    <path d="M20 20l-4-4" />
  </Svg>
);

export const ShieldIcon = () => (
  <Svg>
    <path d="M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6z" />
  </Svg>
);

export const ChatIcon = () => (
  <Svg>
    <path d="M4 5h16v11H9l-5 4z" />
  </Svg>
);

export const CalendarIcon = () => (
  <Svg>
    <rect x="3.5" y="5" width="17" height="15.5" rx="2" />
    <path d="M3.5 10h17M8 3v4M16 3v4" />
  </Svg>
);
