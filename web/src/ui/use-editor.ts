import { useEffect, useReducer } from 'preact/hooks';
import type { Editor, EditorChange } from '../editor/editor';

/** Re-renders the component when the editor reports one of `changes`. */
export function useEditorUpdate(editor: Editor, changes: readonly EditorChange[]): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(
    () =>
      editor.onChange((happened) => {
        if (changes.some((c) => happened.has(c))) bump(undefined);
      }),
    [editor],
  );
}
