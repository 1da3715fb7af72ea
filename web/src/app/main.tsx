import { render } from 'preact';
import { createApi } from '../api';
import { AuthSession } from '../auth/session';
import { Root } from '../pages/Root';
import { Router } from '../router/router';
import '../ui/styles.css';
import { clearAllBoardCaches } from './board-cache';
import { preloadBoard } from './board-preload';
import { browserFetch, browserHistory, refreshLock } from './browser';

// The page: the login (restored from the refresh cookie), the API on it, the router, and the
// page for the current path.

preloadBoard(location.pathname);
const session = new AuthSession({ fetch: browserFetch, lock: refreshLock });
const api = createApi(session.request);
const router = new Router(browserHistory());

render(<Root services={{ session, api, router, clearLocalData: clearAllBoardCaches }} />, document.getElementById('app')!);
void session.restore();
