import type { ComponentChildren } from 'preact';
import { paths } from '../router/routes';
import { Link } from '../ui/Link';
import { useServices } from './services';

/** A whole-page message (no such board, access removed, ...) with the way back to the boards. */
export function MessagePage({ testid, title, children, action }: { testid: string; title: string; children?: ComponentChildren; action?: ComponentChildren }) {
  const { router } = useServices();
  return (
    <div class="message-page" data-testid={testid}>
      <div class="message-card">
        <h1>{title}</h1>
        {children}
        <div class="message-actions">
          {action}
          <Link href={paths.dashboard} navigate={(href) => router.navigate(href)} class="button primary" data-testid="go-dashboard">
            Go to your boards
          </Link>
        </div>
      </div>
    </div>
  );
}
