import type { Editor } from '../editor/editor';
import type { PointerInput } from '../editor/tools/tool';
import { screenToWorld, zoomAt } from '../editor/camera';

// Turns DOM pointer, wheel and touch events on the canvas into editor input: screen and
// world coordinates, double clicks, and two-finger pinch/pan on touch screens.

const DOUBLE_CLICK_MS = 400;
const DOUBLE_CLICK_DISTANCE = 6;

export function bindCanvasInput(element: HTMLElement, editor: Editor): () => void {
  let lastDown = { time: 0, x: 0, y: 0 };
  const touches = new Map<number, { x: number; y: number }>();
  let pinch: { distance: number; centre: { x: number; y: number }; camera: typeof editor.camera } | null = null;
  let activePointer: number | null = null;

  const toInput = (event: PointerEvent | MouseEvent, clicks = 1): PointerInput => {
    const rect = element.getBoundingClientRect();
    const screen = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    return {
      screen,
      world: screenToWorld(editor.camera, screen),
      button: event.button,
      shift: event.shiftKey,
      alt: event.altKey,
      mod: event.ctrlKey || event.metaKey,
      clicks,
      pointerType: 'pointerType' in event ? event.pointerType : 'mouse',
    };
  };

  const updateCursor = (input: PointerInput | null) => {
    element.style.cursor = editor.input.cursor(input);
  };

  const pinchState = () => {
    const [a, b] = [...touches.values()];
    if (!a || !b) return null;
    const rect = element.getBoundingClientRect();
    return {
      distance: Math.hypot(a.x - b.x, a.y - b.y),
      centre: { x: (a.x + b.x) / 2 - rect.left, y: (a.y + b.y) / 2 - rect.top },
    };
  };

  const onDown = (event: PointerEvent) => {
    if (event.pointerType === 'touch') {
      touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (touches.size === 2) {
        // A second finger turns the gesture into pinch and pan.
        if (activePointer !== null) editor.tools[editor.toolId].cancel();
        activePointer = null;
        const state = pinchState();
        if (state) pinch = { ...state, camera: editor.camera };
        return;
      }
      if (touches.size > 2) return;
    }
    // No default action: the browser would move focus on mousedown, away from a text
    // editor this very press may open. Fields elsewhere lose focus so shortcuts work.
    event.preventDefault();
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && !active.classList.contains('text-editor')) active.blur();
    const now = performance.now();
    const isDouble = now - lastDown.time < DOUBLE_CLICK_MS && Math.hypot(event.clientX - lastDown.x, event.clientY - lastDown.y) < DOUBLE_CLICK_DISTANCE;
    lastDown = isDouble ? { time: 0, x: 0, y: 0 } : { time: now, x: event.clientX, y: event.clientY };
    activePointer = event.pointerId;
    element.setPointerCapture(event.pointerId);
    const input = toInput(event, isDouble ? 2 : 1);
    editor.input.down(input);
    updateCursor(input);
  };

  const onMove = (event: PointerEvent) => {
    if (event.pointerType === 'touch' && touches.has(event.pointerId)) {
      touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pinch && touches.size === 2) {
        const state = pinchState();
        if (!state) return;
        const zoomed = zoomAt(pinch.camera, pinch.centre, pinch.camera.zoom * (state.distance / Math.max(pinch.distance, 1)));
        editor.setCamera({ ...zoomed, x: zoomed.x - (state.centre.x - pinch.centre.x) / zoomed.zoom, y: zoomed.y - (state.centre.y - pinch.centre.y) / zoomed.zoom });
        return;
      }
    }
    if (activePointer !== null && event.pointerId !== activePointer) return;
    const input = toInput(event);
    editor.input.move(input);
    updateCursor(input);
  };

  const onUp = (event: PointerEvent) => {
    if (event.pointerType === 'touch') {
      touches.delete(event.pointerId);
      if (touches.size < 2) pinch = null;
    }
    if (event.pointerId !== activePointer) return;
    activePointer = null;
    const input = toInput(event);
    editor.input.up(input);
    updateCursor(input);
  };

  const onCancel = (event: PointerEvent) => {
    touches.delete(event.pointerId);
    pinch = null;
    if (event.pointerId === activePointer) {
      activePointer = null;
      editor.tools[editor.toolId].cancel();
    }
  };

  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const rect = element.getBoundingClientRect();
    const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? rect.height : 1;
    editor.input.wheel({ x: event.clientX - rect.left, y: event.clientY - rect.top }, event.deltaX * scale, event.deltaY * scale, event.ctrlKey || event.metaKey, event.shiftKey);
  };

  const onLeave = () => editor.input.leave();
  const onContextMenu = (event: Event) => event.preventDefault();
  const unsubscribe = editor.onChange((changes) => {
    if (changes.has('tool')) updateCursor(null);
  });

  element.addEventListener('pointerdown', onDown);
  element.addEventListener('pointermove', onMove);
  element.addEventListener('pointerup', onUp);
  element.addEventListener('pointercancel', onCancel);
  element.addEventListener('pointerleave', onLeave);
  element.addEventListener('wheel', onWheel, { passive: false });
  element.addEventListener('contextmenu', onContextMenu);
  updateCursor(null);
  return () => {
    unsubscribe();
    element.removeEventListener('pointerdown', onDown);
    element.removeEventListener('pointermove', onMove);
    element.removeEventListener('pointerup', onUp);
    element.removeEventListener('pointercancel', onCancel);
    element.removeEventListener('pointerleave', onLeave);
    element.removeEventListener('wheel', onWheel);
    element.removeEventListener('contextmenu', onContextMenu);
  };
}
