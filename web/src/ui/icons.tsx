import type { JSX } from 'preact';

// Line icons drawn on a 24-unit grid, stroked with the current colour.

const PATHS: Record<string, JSX.Element> = {
  select: <path d="M5 3l14 8-6.5 1.5L9 19z" />,
  hand: (
    <path d="M8 12V5.5a1.5 1.5 0 013 0V11m0-6.5a1.5 1.5 0 013 0V11m0-5a1.5 1.5 0 013 0v6m0-3.5a1.5 1.5 0 013 0V15a6 6 0 01-6 6h-2a6 6 0 01-5-2.7L4.3 14.6a1.6 1.6 0 012.6-1.9L8 14" />
  ),
  rect: <rect x="4" y="6" width="16" height="12" rx="2" />,
  ellipse: <ellipse cx="12" cy="12" rx="8.5" ry="7" />,
  triangle: <path d="M12 4.5l8.5 15h-17z" />,
  star: <path d="M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.9L12 16.9l-5.2 2.8 1-5.9-4.3-4.1 5.9-.8z" />,
  line: <path d="M5 19L19 5" />,
  arrow: (
    <>
      <path d="M5 19L19 5" />
      <path d="M10 5h9v9" />
    </>
  ),
  pen: <path d="M4 20c3-1 4-4 6-7s4-6 6.5-7.5a2 2 0 012.5 2.5C17.5 10.5 14.5 12.5 11.5 14.5S6 17 4 20z" />,
  text: (
    <>
      <path d="M5 6V4.5h14V6" />
      <path d="M12 4.5v15" />
      <path d="M9 19.5h6" />
    </>
  ),
  sticky: (
    <>
      <path d="M5 4h14v10l-6 6H5z" />
      <path d="M13 20v-6h6" />
    </>
  ),
  frame: (
    <>
      <path d="M7 3v18M17 3v18M3 7h18M3 17h18" />
    </>
  ),
  image: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <circle cx="9" cy="10" r="1.8" />
      <path d="M20.5 16l-5-5-9 8.5" />
    </>
  ),
  eraser: (
    <>
      <path d="M8.5 20H20" />
      <path d="M4.6 14.6l9.2-9.2a2 2 0 012.8 0l3 3a2 2 0 010 2.8L11 19.8a2 2 0 01-1.4.6H8a2 2 0 01-1.4-.6l-2-2a2 2 0 010-2.8z" />
      <path d="M9 10l6 6" />
    </>
  ),
  undo: <path d="M9 14L4 9l5-5M4 9h10.5a5.5 5.5 0 010 11H11" />,
  redo: <path d="M15 14l5-5-5-5M20 9H9.5a5.5 5.5 0 000 11H13" />,
  minus: <path d="M5 12h14" />,
  plus: <path d="M12 5v14M5 12h14" />,
  fit: <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />,
  grid: <path d="M4 4h16v16H4zM4 9.3h16M4 14.7h16M9.3 4v16M14.7 4v16" />,
  magnet: <path d="M6 4v8a6 6 0 0012 0V4h-4v8a2 2 0 01-4 0V4zM6 8h4M14 8h4" />,
  map: <path d="M3 6l6-2 6 2 6-2v14l-6 2-6-2-6 2zM9 4v14M15 6v14" />,
  lock: (
    <>
      <rect x="5" y="11" width="14" height="9" rx="2" />
      <path d="M8 11V8a4 4 0 018 0v3" />
    </>
  ),
  unlock: (
    <>
      <rect x="5" y="11" width="14" height="9" rx="2" />
      <path d="M8 11V8a4 4 0 017.5-2" />
    </>
  ),
  trash: <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 002 2h6a2 2 0 002-2l1-12M9 7V4h6v3" />,
  copy: (
    <>
      <rect x="8" y="8" width="12" height="12" rx="2" />
      <path d="M16 8V6a2 2 0 00-2-2H6a2 2 0 00-2 2v8a2 2 0 002 2h2" />
    </>
  ),
  front: <path d="M12 4v12M7 9l5-5 5 5M5 20h14" />,
  back: <path d="M12 20V8M7 15l5 5 5-5M5 4h14" />,
  forward: <path d="M12 6v12M7 11l5-5 5 5" />,
  backward: <path d="M12 18V6M7 13l5 5 5-5" />,
  alignLeft: <path d="M4 4v16M8 7h10v4H8zM8 14h6v4H8z" />,
  alignHCenter: <path d="M12 4v16M6 7h12v4H6zM8 14h8v4H8z" />,
  alignRight: <path d="M20 4v16M6 7h10v4H6zM10 14h6v4h-6z" />,
  alignTop: <path d="M4 4h16M7 8v10h4V8zM14 8v6h4V8z" />,
  alignVCenter: <path d="M4 12h16M7 6v12h4V6zM14 8v8h4V8z" />,
  alignBottom: <path d="M4 20h16M7 6v10h4V6zM14 10v6h4v-6z" />,
  distributeH: <path d="M4 4v16M20 4v16M10 8h4v8h-4z" />,
  distributeV: <path d="M4 4h16M4 20h16M8 10h8v4H8z" />,
  textLeft: <path d="M4 6h16M4 10h10M4 14h16M4 18h10" />,
  textCenter: <path d="M4 6h16M7 10h10M4 14h16M7 18h10" />,
  textRight: <path d="M4 6h16M10 10h10M4 14h16M10 18h10" />,
  settings: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.7 1.7 0 00.3 1.8l.1.1a2 2 0 11-2.8 2.8l-.1-.1a1.7 1.7 0 00-1.8-.3 1.7 1.7 0 00-1 1.5V21a2 2 0 11-4 0v-.1a1.7 1.7 0 00-1.1-1.5 1.7 1.7 0 00-1.8.3l-.1.1a2 2 0 11-2.8-2.8l.1-.1a1.7 1.7 0 00.3-1.8 1.7 1.7 0 00-1.5-1H3a2 2 0 110-4h.1a1.7 1.7 0 001.5-1.1 1.7 1.7 0 00-.3-1.8l-.1-.1a2 2 0 112.8-2.8l.1.1a1.7 1.7 0 001.8.3H9a1.7 1.7 0 001-1.5V3a2 2 0 114 0v.1a1.7 1.7 0 001 1.5 1.7 1.7 0 001.8-.3l.1-.1a2 2 0 112.8 2.8l-.1.1a1.7 1.7 0 00-.3 1.8V9a1.7 1.7 0 001.5 1H21a2 2 0 110 4h-.1a1.7 1.7 0 00-1.5 1z" />
    </>
  ),
  eye: (
    <>
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
    </>
  ),
  share: <path d="M10 14a4.5 4.5 0 006.4 0l3-3a4.5 4.5 0 00-6.4-6.4l-1 1M14 10a4.5 4.5 0 00-6.4 0l-3 3a4.5 4.5 0 006.4 6.4l1-1" />,
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
      {PATHS[name]}
    </svg>
  );
}
