import { useEffect, useState } from 'preact/hooks';
import type { ThumbnailCache } from './thumbnail-cache';

/** The object URL of a board's thumbnail while the component shows it (released on unmount). */
export function useThumbnail(cache: ThumbnailCache, boardId: string, seq: number, enabled = true): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    setState({ url: null, failed: false });
    void cache.acquire(boardId, seq).then((url) => {
      if (alive) setState({ url, failed: url === null });
    });
    return () => {
      alive = false;
      cache.release(boardId, seq);
    };
  }, [cache, boardId, seq, enabled]);
  return state;
}
