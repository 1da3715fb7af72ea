import type { ComponentChildren } from 'preact';

/** Navigates inside the app (history API) on a plain click; a new tab or window otherwise. */
export function navigateOnClick(event: MouseEvent, href: string, navigate: (href: string) => void): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

export interface LinkProps {
  href: string;
  navigate: (href: string) => void;
  class?: string;
  title?: string;
  'data-testid'?: string;
  children?: ComponentChildren;
}

export function Link({ href, navigate, children, class: className, title, 'data-testid': testid }: LinkProps) {
  return (
    <a href={href} class={className} title={title} data-testid={testid} onClick={(event) => navigateOnClick(event, href, navigate)}>
      {children}
    </a>
  );
}
