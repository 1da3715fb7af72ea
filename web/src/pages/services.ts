import { createContext } from 'preact';
import { useContext, useEffect, useReducer } from 'preact/hooks';
import type { Api } from '../api';
import type { AuthSession } from '../auth/session';
import type { Router } from '../router/router';

// What every page uses: the login, the API on it, and navigation.

export interface Services {
  session: AuthSession;
  api: Api;
  router: Router;
  /** Forgets what this browser kept of boards (logout). */
  clearLocalData: () => Promise<void>;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('no services: render pages inside <ServicesContext.Provider>');
  return services;
}

export interface ChangeSource {
  onChange(listener: () => void): () => void;
}

/** Re-renders the component whenever `source` reports a change. */
export function useChanges(source: ChangeSource): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => source.onChange(() => bump(undefined)), [source]);
}

/** The signed-in user; pages behind the login guard always have one. */
export function useUser() {
  const { session } = useServices();
  useChanges(session);
  return session.user;
}
