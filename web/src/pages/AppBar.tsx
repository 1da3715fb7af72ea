import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { paths } from '../router/routes';
import { Link } from '../ui/Link';
import { initials } from './format';
import { useServices, useUser } from './services';

// The bar above the dashboard and settings pages: the way home, and the user's menu.

function UserMenu() {
  const services = useServices();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);
  if (!user) return null;

  const leave = () => {
    void services.clearLocalData();
    services.router.navigate(paths.login(), { replace: true });
  };
  const logout = () => {
    void services.session.logout();
    leave();
  };
  const logoutAll = async () => {
    const result = await services.session.logoutAll();
    if (!result.ok) setError(result.error.message);
    else leave();
  };
  return (
    <div class="user-menu" ref={ref}>
      <button type="button" class="avatar self" data-testid="user-menu" title={`${user.name} (${user.email})`} aria-expanded={open} onClick={() => setOpen(!open)}>
        {initials(user.name)}
      </button>
      {open && (
        <div class="menu" data-testid="user-menu-panel" role="menu">
          <div class="menu-who">
            <strong data-testid="user-name">{user.name}</strong>
            <span>{user.email}</span>
          </div>
          <button type="button" role="menuitem" data-testid="logout" onClick={logout}>
            Log out
          </button>
          <button type="button" role="menuitem" data-testid="logout-all" onClick={() => void logoutAll()}>
            Log out everywhere
          </button>
          {error && <p class="form-error">{error}</p>}
        </div>
      )}
    </div>
  );
}

export function AppBar({ children }: { children?: ComponentChildren }) {
  const { router } = useServices();
  return (
    <header class="header">
      <div class="brand">
        <Link href={paths.dashboard} navigate={(href) => router.navigate(href)} class="brand-link" data-testid="nav-dashboard">
          <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
            <rect x="3" y="3" width="26" height="26" rx="7" fill="#4f46e5" />
            <path d="M10 21 L16 9 L22 21 Z" fill="none" stroke="#fff" stroke-width="2.5" stroke-linejoin="round" />
          </svg>
          <span class="brand-name">CollabCanvas</span>
        </Link>
        {children}
      </div>
      <div class="header-right">
        <UserMenu />
      </div>
    </header>
  );
}
