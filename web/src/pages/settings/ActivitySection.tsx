import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { ActivityEvent } from '../../api/types';
import { activityLine } from '../format';

const PAGE = 20;

/** The board's history of who did what, newest first, a page at a time. */
export function ActivitySection({ api, boardId, reloadKey }: { api: Api; boardId: string; reloadKey: number }) {
  const [events, setEvents] = useState<ActivityEvent[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = async (before?: number) => {
    setLoading(true);
    const result = await api.activity.list(boardId, { before, limit: PAGE });
    setLoading(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setEvents((current) => (before === undefined ? result.value : [...current, ...result.value]));
    setMore(result.value.length === PAGE);
  };
  useEffect(() => {
    void load();
  }, [boardId, reloadKey]);

  const now = Date.now();
  return (
    <section class="settings-section" data-testid="settings-activity">
      <h2>Activity</h2>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <ol class="activity-list" data-testid="activity-list">
        {events.map((event) => (
          <li key={event.id} data-testid="activity-item" data-type={event.type}>
            {activityLine(event, now)}
          </li>
        ))}
      </ol>
      {!loading && events.length === 0 && !error && <p class="page-note">Nothing has happened yet.</p>}
      {more && (
        <button type="button" class="secondary" disabled={loading} data-testid="activity-more" onClick={() => void load(events.at(-1)?.id)}>
          Show older
        </button>
      )}
    </section>
  );
}
