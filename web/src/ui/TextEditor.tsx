import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Editor } from '../editor/editor';
import { DEFAULT_FONT, fontSizeOf, LINE_HEIGHT, textAlignOf, textColourOf, textPaddingOf, verticalAlignOf } from '../model/defaults';
import { localBox } from '../model/geometry';
import { useEditorUpdate } from './use-editor';

// In-place text editing: a textarea laid exactly over the object, moving and scaling with
// the camera, wrapping like the canvas does. Every keystroke is a live edit peers can see.

export function TextEditor({ editor }: { editor: Editor }) {
  useEditorUpdate(editor, ['editing', 'camera', 'doc']);
  const id = editor.editingId;
  const object = id ? editor.getObject(id) : undefined;
  const ref = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const area = ref.current;
    if (!area || !object) return;
    area.value = object.props.text ?? '';
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }, [id]);

  if (!object) return null;
  const { kind, props } = object;
  const box = localBox(object);
  const camera = editor.camera;
  const sx = (box.x - camera.x) * camera.zoom;
  const sy = (box.y - camera.y) * camera.zoom;
  const fontSize = fontSizeOf(kind, props);
  const padding = textPaddingOf(kind);
  const valign = verticalAlignOf(kind, props);
  const textHeight = editor.measureTextHeight(object, props.text ?? '') - padding * 2;
  let paddingTop = padding;
  if (valign === 'middle') paddingTop = Math.max(0, (box.h - textHeight) / 2);
  if (valign === 'bottom') paddingTop = Math.max(0, box.h - padding - textHeight);
  const rotation = props.rotation ?? 0;

  return (
    <textarea
      ref={ref}
      class="text-editor"
      data-testid="text-editor"
      spellcheck={false}
      style={{
        width: `${box.w}px`,
        height: `${Math.max(box.h, fontSize * LINE_HEIGHT)}px`,
        transform: `translate(${sx}px, ${sy}px) scale(${camera.zoom}) translate(${box.w / 2}px, ${box.h / 2}px) rotate(${rotation}rad) translate(${-box.w / 2}px, ${-box.h / 2}px)`,
        font: `400 ${fontSize}px ${props.fontFamily ?? DEFAULT_FONT}`,
        lineHeight: String(LINE_HEIGHT),
        padding: `${paddingTop}px ${padding}px ${padding}px ${padding}px`,
        textAlign: textAlignOf(kind, props),
        color: textColourOf(kind, props),
      }}
      onInput={(e) => editor.updateEditingText((e.target as HTMLTextAreaElement).value)}
      onBlur={() => editor.stopEditing()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey))) {
          e.preventDefault();
          editor.stopEditing();
        }
      }}
    />
  );
}
