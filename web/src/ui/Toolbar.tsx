import type { Editor } from '../editor/editor';
import type { ToolId } from '../editor/tools/tool';
import { Icon, type IconName } from './icons';
import { useEditorUpdate } from './use-editor';

interface ToolButton {
  id: ToolId;
  icon: IconName;
  label: string;
  key?: string;
}

const GROUPS: ToolButton[][] = [
  [
    { id: 'select', icon: 'select', label: 'Select', key: 'V' },
    { id: 'hand', icon: 'hand', label: 'Hand', key: 'H' },
  ],
  [
    { id: 'rect', icon: 'rect', label: 'Rectangle', key: 'R' },
    { id: 'ellipse', icon: 'ellipse', label: 'Ellipse (Shift for a circle)', key: 'O' },
    { id: 'triangle', icon: 'triangle', label: 'Triangle' },
    { id: 'star', icon: 'star', label: 'Star' },
  ],
  [
    { id: 'line', icon: 'line', label: 'Line', key: 'L' },
    { id: 'arrow', icon: 'arrow', label: 'Arrow', key: 'A' },
    { id: 'pen', icon: 'pen', label: 'Pen', key: 'P' },
  ],
  [
    { id: 'text', icon: 'text', label: 'Text', key: 'T' },
    { id: 'sticky', icon: 'sticky', label: 'Sticky note', key: 'S' },
    { id: 'frame', icon: 'frame', label: 'Frame', key: 'F' },
  ],
];

export function Toolbar({ editor, onPickImage }: { editor: Editor; onPickImage: () => void }) {
  useEditorUpdate(editor, ['tool']);
  const current = editor.toolId;
  const button = (tool: ToolButton) => (
    <button
      key={tool.id}
      type="button"
      class={`tool-button${current === tool.id ? ' active' : ''}`}
      data-testid={`tool-${tool.id}`}
      aria-pressed={current === tool.id}
      title={tool.key ? `${tool.label} — ${tool.key}` : tool.label}
      onClick={() => editor.setTool(tool.id)}
      onDblClick={() => editor.setTool(tool.id, true)}
    >
      <Icon name={tool.icon} />
      {tool.key && <span class="tool-key">{tool.key}</span>}
    </button>
  );
  return (
    <div class="toolbar" role="toolbar" aria-label="Tools" data-testid="toolbar">
      {GROUPS.map((group, i) => (
        <div class="tool-group" key={i}>
          {group.map(button)}
        </div>
      ))}
      <div class="tool-group">
        <button type="button" class="tool-button" data-testid="tool-image" title="Image — paste or drop one too" onClick={onPickImage}>
          <Icon name="image" />
        </button>
        {button({ id: 'eraser', icon: 'eraser', label: 'Eraser', key: 'E' })}
      </div>
      {editor.toolLocked && current !== 'select' && <span class="tool-locked" title="Tool stays selected (double-clicked)">keep</span>}
    </div>
  );
}
