import { useState } from 'preact/hooks';
import type { Editor } from '../editor/editor';
import type { Renderer } from '../render/renderer';
import { CanvasView } from './CanvasView';
import { EmptyHint } from './EmptyHint';
import { Header } from './Header';
import { Icon } from './icons';
import { Minimap } from './Minimap';
import { StylePanel } from './StylePanel';
import { TextEditor } from './TextEditor';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';
import { useEditorUpdate } from './use-editor';
import { ViewControls } from './ViewControls';

export interface AppProps {
  editor: Editor;
  /** The account's name. */
  userName: string;
  boardName: string | null;
  dashboardHref: string;
  settingsHref: string;
  navigate: (href: string) => void;
  onPickImage: () => void;
  onRenderer: (renderer: Renderer) => void;
}

/** The editor's screen: the header, the canvas and, for editors, the editing tools. */
export function App({ editor, userName, boardName, dashboardHref, settingsHref, navigate, onPickImage, onRenderer }: AppProps) {
  useEditorUpdate(editor, ['role']);
  const [minimap, setMinimap] = useState(true);
  const canEdit = editor.canEdit;
  return (
    <div class="app" data-can-edit={canEdit ? 'true' : 'false'}>
      <Header editor={editor} userName={userName} boardName={boardName} dashboardHref={dashboardHref} settingsHref={settingsHref} navigate={navigate} />
      <main class="stage">
        <CanvasView editor={editor} onRenderer={onRenderer} />
        <EmptyHint editor={editor} />
        {canEdit && <TextEditor editor={editor} />}
        {canEdit ? (
          <Toolbar editor={editor} onPickImage={onPickImage} />
        ) : (
          editor.engine.role !== null && (
            <div class="view-only" data-testid="view-only-badge" title="You can look at this board and follow others, but not change it">
              <Icon name="eye" size={16} />
              View only
            </div>
          )
        )}
        {canEdit && <StylePanel editor={editor} />}
        <ViewControls editor={editor} minimapOpen={minimap} onToggleMinimap={() => setMinimap(!minimap)} />
        {minimap && <Minimap editor={editor} />}
        <Toasts editor={editor} />
      </main>
    </div>
  );
}
