import { useEffect, useRef } from 'preact/hooks';
import type { Editor } from '../editor/editor';
import { fillOf, strokeOf } from '../model/defaults';
import { unionBoxes, type Box } from '../model/geometry';

// An overview of the whole board with the visible area outlined; click or drag to move
// there. The objects are drawn into a cached bitmap at most twice a second, so a board of
// 100,000 objects costs nothing while panning.

const WIDTH = 200;
const HEIGHT = 136;
const REDRAW_MS = 500;

export function Minimap({ editor }: { editor: Editor }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = WIDTH * dpr;
    canvas.height = HEIGHT * dpr;
    const ctx = canvas.getContext('2d')!;
    const cache = document.createElement('canvas');
    cache.width = canvas.width;
    cache.height = canvas.height;
    const cacheCtx = cache.getContext('2d')!;
    let drawnVersion = -1;
    let drawnAt = 0;
    let world: Box = { x: 0, y: 0, w: 1, h: 1 };
    let timer: ReturnType<typeof setTimeout> | null = null;
    let frame = 0;

    const mapping = () => {
      const scale = Math.min(WIDTH / world.w, HEIGHT / world.h);
      const ox = (WIDTH - world.w * scale) / 2;
      const oy = (HEIGHT - world.h * scale) / 2;
      return { scale, ox, oy };
    };

    const drawObjects = () => {
      const extent = editor.index.extent();
      const view = editor.visibleWorld();
      // Room around the view, so panning a little does not move the whole map.
      const roomy = { x: view.x - view.w / 2, y: view.y - view.h / 2, w: view.w * 2, h: view.h * 2 };
      const all = unionBoxes(extent ? [extent, roomy] : [roomy])!;
      const pad = Math.max(all.w, all.h) * 0.05;
      world = { x: all.x - pad, y: all.y - pad, w: all.w + pad * 2, h: all.h + pad * 2 };
      const { scale, ox, oy } = mapping();
      cacheCtx.setTransform(dpr, 0, 0, dpr, 0, 0);
      cacheCtx.clearRect(0, 0, WIDTH, HEIGHT);
      // One path per colour: a hundred thousand boxes in a handful of fills.
      const paths = new Map<string, Path2D>();
      editor.index.forEachBounds((object, minX, minY, maxX, maxY) => {
        const fill = fillOf(object.kind, object.props);
        const colour = fill === 'transparent' || object.kind === 'text' ? strokeOf(object.kind, object.props) : fill;
        let path = paths.get(colour);
        if (!path) paths.set(colour, (path = new Path2D()));
        path.rect(ox + (minX - world.x) * scale, oy + (minY - world.y) * scale, Math.max(1, (maxX - minX) * scale), Math.max(1, (maxY - minY) * scale));
      });
      cacheCtx.globalAlpha = 0.8;
      for (const [colour, path] of paths) {
        cacheCtx.fillStyle = colour;
        cacheCtx.fill(path);
      }
      cacheCtx.globalAlpha = 1;
      drawnVersion = editor.index.version;
      drawnAt = performance.now();
    };

    const draw = () => {
      frame = 0;
      const view = editor.visibleWorld();
      const outside = view.x < world.x || view.y < world.y || view.x + view.w > world.x + world.w || view.y + view.h > world.y + world.h;
      if (editor.index.version !== drawnVersion || outside) {
        // Big boards take longer to draw: redraw them less often.
        const wait = (editor.index.size > 20_000 ? REDRAW_MS * 4 : REDRAW_MS) - (performance.now() - drawnAt);
        if (wait <= 0 || drawnVersion < 0) drawObjects();
        else if (!timer) timer = setTimeout(() => ((timer = null), schedule()), wait);
      }
      const { scale, ox, oy } = mapping();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(cache, 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.strokeStyle = '#4f46e5';
      ctx.lineWidth = 1.5;
      ctx.fillStyle = 'rgba(79, 70, 229, 0.08)';
      const rx = ox + (view.x - world.x) * scale;
      const ry = oy + (view.y - world.y) * scale;
      ctx.fillRect(rx, ry, view.w * scale, view.h * scale);
      ctx.strokeRect(rx, ry, view.w * scale, view.h * scale);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };

    const toWorld = (event: PointerEvent) => {
      const rect = canvas.getBoundingClientRect();
      const { scale, ox, oy } = mapping();
      return { x: world.x + (event.clientX - rect.left - ox) / scale, y: world.y + (event.clientY - rect.top - oy) / scale };
    };
    let dragging = false;
    const down = (e: PointerEvent) => {
      dragging = true;
      canvas.setPointerCapture(e.pointerId);
      editor.centreOn(toWorld(e));
    };
    const move = (e: PointerEvent) => {
      if (dragging) editor.centreOn(toWorld(e));
    };
    const up = () => {
      dragging = false;
    };
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    const unsubscribe = editor.onChange((changes) => {
      if (changes.has('camera') || changes.has('doc')) schedule();
    });
    schedule();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (frame) cancelAnimationFrame(frame);
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
    };
  }, [editor]);

  return (
    <div class="minimap" data-testid="minimap">
      <canvas ref={canvasRef} style={{ width: `${WIDTH}px`, height: `${HEIGHT}px` }} />
    </div>
  );
}
