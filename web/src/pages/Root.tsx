import { useEffect } from 'preact/hooks';
import { redirectFor } from '../router/routes';
import { AcceptPage } from './AcceptPage';
import { BoardPage } from './BoardPage';
import { DashboardPage } from './DashboardPage';
import { LoginPage } from './LoginPage';
import { MessagePage } from './MessagePage';
import { ServicesContext, useChanges, type Services } from './services';
import { SettingsPage } from './SettingsPage';

// The page for the current path, behind the login guard: visitors who are not logged in go
// to /login and come back to where they were going afterwards.

function Pages({ services }: { services: Services }) {
  const { session, router } = services;
  useChanges(session);
  useChanges(router);
  const route = router.route;
  const redirect = redirectFor(route, session.state, router.here);
  useEffect(() => {
    if (redirect) router.navigate(redirect, { replace: true });
  }, [redirect]);

  if (session.state === 'restoring') {
    return (
      <div class="message-page" data-testid="app-loading">
        <div class="message-card">
          {session.unreachable ? (
            <>
              <h1>Cannot reach the server</h1>
              <p>Trying again in a moment…</p>
              <div class="message-actions">
                <button type="button" class="primary" onClick={() => session.retryNow()}>
                  Try now
                </button>
              </div>
            </>
          ) : (
            <p class="muted">Loading…</p>
          )}
        </div>
      </div>
    );
  }
  if (redirect) return null;
  switch (route.name) {
    case 'login':
      return <LoginPage next={route.next} />;
    case 'dashboard':
      return <DashboardPage />;
    case 'board':
      return <BoardPage key={route.boardId} boardId={route.boardId} />;
    case 'settings':
      return <SettingsPage key={route.boardId} boardId={route.boardId} />;
    case 'invite':
    case 'share':
      return <AcceptPage key={`${route.name}:${route.token}`} kind={route.name} token={route.token} />;
    case 'unknown':
      return (
        <MessagePage testid="page-not-found" title="There is no such page">
          <p>Nothing lives at {route.path}.</p>
        </MessagePage>
      );
  }
}

export function Root({ services }: { services: Services }) {
  return (
    <ServicesContext.Provider value={services}>
      <Pages services={services} />
    </ServicesContext.Provider>
  );
}
