import { strokeWidthOf } from '../model/defaults';
import type { Vec } from '../model/geometry';
import { hasEndHandles, worldPoints } from '../model/line-handles';
import type { BoardObject } from '../model/types';
import type { OverlayState } from '../render/renderer';
import type { Editor } from './editor';
import { frameOf } from './transform';

type SelectionOverlay = Pick<OverlayState, 'selected' | 'frame' | 'line'>;

/**
 * A large group being dragged. The renderer draws it as one layer that moves, and the
 * overlay draws the selection as it was when the drag began, shifted by `offset`: a frame of
 * the drag costs the same whatever the size of the group.
 */
export interface FloatingGroup {
  readonly ids: ReadonlySet<string>;
  /** The selection's overlay when the drag began; null when part of the selection stays behind (locked objects). */
  readonly selection: SelectionOverlay | null;
  /** How far the group has moved since, in world units. */
  readonly offset: Vec;
}

const NO_OFFSET: Vec = { x: 0, y: 0 };

export function floatingGroup(editor: Editor, ids: ReadonlySet<string>): FloatingGroup {
  const selection = selectionOverlay(editor);
  const whole = selection.selected.every((o) => ids.has(o.id));
  return { ids, selection: whole ? selection : null, offset: NO_OFFSET };
}

/** The selection's part of the overlay, from the objects as they are now. */
function selectionOverlay(editor: Editor): SelectionOverlay {
  const selected = editor.selectedObjects();
  const single = selected.length === 1 ? selected[0] : undefined;
  // One line or arrow is edited by its ends, not by a box (a locked one keeps its frame,
  // which says so).
  const line = single && hasEndHandles(single) && !single.props.locked ? single : undefined;
  return {
    selected,
    frame: editor.editingId || line ? null : frameOf(selected),
    line: line ? { points: worldPoints(line), strokeWidth: strokeWidthOf(line.kind, line.props) } : null,
  };
}

/** What the overlay layer draws, from the editor's state and the peers' presence. */
export function buildOverlayState(editor: Editor): OverlayState {
  const floating = editor.floating;
  const snapshot = floating?.selection ?? null;
  const peers = [...editor.engine.peers.values()].map((peer) => ({
    colour: peer.colour,
    name: peer.name,
    role: peer.role,
    cursor: peer.cursor,
    objects: peer.selection.map((id) => editor.doc.get(id)).filter((o): o is BoardObject => o !== undefined),
  }));
  const hover = editor.hoverId ? editor.doc.get(editor.hoverId) ?? null : null;
  const selecting = editor.toolId === 'select';
  return {
    ...(snapshot ?? selectionOverlay(editor)),
    floating: floating ? { offset: floating.offset, withSelection: snapshot !== null } : null,
    showHandles: selecting && !editor.editingId && editor.canEdit,
    hover,
    marquee: editor.marquee,
    guides: editor.guides,
    peers,
    eraser: editor.eraserTrail,
  };
}
