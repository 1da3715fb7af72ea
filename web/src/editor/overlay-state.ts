import type { BoardObject } from '../model/types';
import type { OverlayState } from '../render/renderer';
import type { Editor } from './editor';
import { frameOf } from './transform';

/** What the overlay layer draws, from the editor's state and the peers' presence. */
export function buildOverlayState(editor: Editor): OverlayState {
  const selected = editor.selectedObjects();
  const frame = editor.editingId ? null : frameOf(selected);
  const peers = [...editor.engine.peers.values()].map((peer) => ({
    colour: peer.colour,
    name: peer.name,
    role: peer.role,
    cursor: peer.cursor,
    objects: peer.selection.map((id) => editor.doc.get(id)).filter((o): o is BoardObject => o !== undefined),
  }));
  const hover = editor.hoverId ? editor.doc.get(editor.hoverId) ?? null : null;
  const single = selected.length === 1 ? selected[0] : undefined;
  const selecting = editor.toolId === 'select';
  return {
    selected,
    frame,
    showHandles: selecting && !editor.editingId && editor.canEdit,
    // A line's rotation is its direction: it has no rotate handle.
    showRotate: selecting && !(single && (single.kind === 'line' || single.kind === 'arrow')),
    hover,
    marquee: editor.marquee,
    guides: editor.guides,
    peers,
    eraser: editor.eraserTrail,
  };
}
