import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { ApiError } from '../../api/http';
import type { Board } from '../../api/types';

// One page of the dashboard's list, fetched when the query changes; an answer to an older
// query is dropped.

export const PAGE_SIZE = 24;

export interface BoardQuery {
  q: string;
  sort: 'updated' | 'name';
  trash: boolean;
  page: number;
}

export interface BoardListState {
  boards: Board[];
  total: number;
  loading: boolean;
  error: ApiError | null;
}

export function useBoardList(api: Api, query: BoardQuery, reloadKey: number): BoardListState {
  const [state, setState] = useState<BoardListState>({ boards: [], total: 0, loading: true, error: null });
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    void api.boards.list({ q: query.q || undefined, sort: query.sort, deleted: query.trash, offset: query.page * PAGE_SIZE, limit: PAGE_SIZE }).then((result) => {
      if (request !== latest.current) return;
      if (result.ok) setState({ boards: result.value.boards, total: result.value.total, loading: false, error: null });
      else setState((s) => ({ ...s, loading: false, error: result.error }));
    });
  }, [api, query.q, query.sort, query.trash, query.page, reloadKey]);
  return state;
}
