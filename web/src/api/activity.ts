import { getJson, segment, type Requester, type Result } from './http';
import type { ActivityEvent, ActivityQuery } from './types';

export function activityApi(send: Requester) {
  return {
    /** Newest first; page on with `before` = the last event's id. */
    list: async (boardId: string, query: ActivityQuery = {}): Promise<Result<ActivityEvent[]>> => {
      const result = await getJson<{ events: ActivityEvent[] }>(send, { method: 'GET', path: `/api/boards/${segment(boardId)}/activity`, query: { before: query.before, limit: query.limit } });
      return result.ok ? { ok: true, value: result.value.events } : result;
    },
  };
}
