import { useState } from 'preact/hooks';
import type { Editor } from '../editor/editor';
import type { Renderer } from '../render/renderer';
import { CanvasView } from './CanvasView';
import { EmptyHint } from './EmptyHint';
import { Header } from './Header';
import { Minimap } from './Minimap';
import { NameDialog } from './NameDialog';
import { StylePanel } from './StylePanel';
import { TextEditor } from './TextEditor';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';
import { ViewControls } from './ViewControls';

export interface AppProps {
  editor: Editor;
  initialName: string | null;
  onName: (name: string) => void;
  onPickImage: () => void;
  onRenderer: (renderer: Renderer) => void;
}

export function App({ editor, initialName, onName, onPickImage, onRenderer }: AppProps) {
  const [name, setName] = useState(initialName);
  const [askName, setAskName] = useState(initialName === null);
  const [minimap, setMinimap] = useState(true);
  const done = (value: string) => {
    setName(value);
    setAskName(false);
    onName(value);
  };
  return (
    <div class="app">
      <Header editor={editor} userName={name ?? 'Guest'} onRename={() => setAskName(true)} />
      <main class="stage">
        <CanvasView editor={editor} onRenderer={onRenderer} />
        <EmptyHint editor={editor} />
        <TextEditor editor={editor} />
        <Toolbar editor={editor} onPickImage={onPickImage} />
        <StylePanel editor={editor} />
        <ViewControls editor={editor} minimapOpen={minimap} onToggleMinimap={() => setMinimap(!minimap)} />
        {minimap && <Minimap editor={editor} />}
        <Toasts editor={editor} />
      </main>
      {askName && <NameDialog initial={name ?? ''} onDone={done} />}
    </div>
  );
}
