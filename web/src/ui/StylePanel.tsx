import { useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Editor } from '../editor/editor';
import { targetProp, type StyleProp } from '../editor/style';
import type { ToolId } from '../editor/tools/tool';
import { FONT_STACKS, fillOf, fontSizeOf, strokeOf, strokeWidthOf, textAlignOf } from '../model/defaults';
import { isTextBearing } from '../model/kinds';
import type { ArrowHead, BoardObject, Kind } from '../model/types';
import { Icon, type IconName } from './icons';
import { useEditorUpdate } from './use-editor';

// The style panel edits every selected object at once (each where its kind allows the
// property), and the style of the next object drawn.

const STROKES = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5', '#868e96', '#ffffff'];
const FILLS = ['transparent', '#ffc9c9', '#b2f2bb', '#a5d8ff', '#ffec99', '#eebefa', '#e9ecef', '#1e1e1e'];
const STICKY_FILLS = ['#fff3a3', '#ffd8a8', '#ffc9c9', '#d0bfff', '#a5d8ff', '#b2f2bb'];
const FONT_SIZES: [string, number][] = [
  ['S', 16],
  ['M', 24],
  ['L', 36],
  ['XL', 56],
];
const FONTS: [string, string][] = [
  ['Sans', FONT_STACKS.sans],
  ['Serif', FONT_STACKS.serif],
  ['Mono', FONT_STACKS.mono],
  ['Hand', FONT_STACKS.hand],
];
const TOOL_KINDS: Partial<Record<ToolId, Kind>> = {
  rect: 'rect',
  ellipse: 'ellipse',
  triangle: 'triangle',
  star: 'star',
  line: 'line',
  arrow: 'arrow',
  pen: 'path',
  text: 'text',
  sticky: 'sticky',
  frame: 'frame',
};

/** A colour the native colour input can show (#rrggbb). */
function toHex6(colour: string): string {
  if (/^#[0-9a-f]{6}$/i.test(colour)) return colour.toLowerCase();
  if (/^#[0-9a-f]{8}$/i.test(colour)) return colour.slice(0, 7).toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])[0-9a-f]?$/i.exec(colour);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  return '#ffffff';
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="panel-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Swatches({ editor, style, colours, current, testid }: { editor: Editor; style: StyleProp; colours: string[]; current: string; testid: string }) {
  return (
    <div class="swatches">
      {colours.map((colour) => (
        <button
          type="button"
          key={colour}
          class={`swatch${colour === 'transparent' ? ' transparent' : ''}${current.toLowerCase() === colour ? ' active' : ''}`}
          style={colour === 'transparent' ? undefined : { background: colour }}
          title={colour}
          data-testid={`${testid}-swatch-${colour.replace('#', '')}`}
          onClick={() => editor.setStyle(style, colour)}
        />
      ))}
      <label class="swatch custom" title="Custom colour">
        <input type="color" data-testid={`style-${testid}`} value={toHex6(current)} onInput={(e) => editor.setStyle(style, (e.target as HTMLInputElement).value)} />
      </label>
    </div>
  );
}

/** A slider whose whole drag is one undo step. */
function Slider({ editor, testid, min, max, step, value, onValue, format }: { editor: Editor; testid: string; min: number; max: number; step: number; value: number; onValue: (v: number) => void; format: (v: number) => string }) {
  const active = useRef(false);
  return (
    <div class="slider-row">
      <input
        type="range"
        data-testid={testid}
        min={min}
        max={max}
        step={step}
        value={value}
        onInput={(e) => {
          if (!active.current) {
            editor.history.begin();
            active.current = true;
          }
          onValue(Number((e.target as HTMLInputElement).value));
        }}
        onChange={() => {
          if (active.current) editor.history.end();
          active.current = false;
        }}
      />
      <span class="slider-value">{format(value)}</span>
    </div>
  );
}

function IconButton({ icon, title, onClick, testid, active = false, disabled = false }: { icon: IconName; title: string; onClick: () => void; testid: string; active?: boolean; disabled?: boolean }) {
  return (
    <button type="button" class={`icon-button${active ? ' active' : ''}`} title={title} data-testid={testid} onClick={onClick} disabled={disabled}>
      <Icon name={icon} size={18} />
    </button>
  );
}

export function StylePanel({ editor }: { editor: Editor }) {
  useEditorUpdate(editor, ['selection', 'doc', 'tool', 'style', 'editing']);
  const selected = editor.selectedObjects();
  const toolKind = TOOL_KINDS[editor.toolId];
  if (selected.length === 0 && !toolKind) return null;

  // With nothing selected, the panel shows (and sets) the style of the tool's next object.
  const style = editor.style;
  const sample: BoardObject[] = selected.length > 0 ? selected : [{ id: 'next', kind: toolKind!, props: { x: 0, y: 0 } }];
  const kinds = new Set(sample.map((o) => o.kind));
  const first = sample[0]!;
  const has = (prop: StyleProp) => [...kinds].some((k) => targetProp(k, prop) !== null);
  const useDefaults = selected.length === 0;
  const locked = selected.length > 0 && selected.every((o) => o.props.locked);
  const onlySticky = [...kinds].every((k) => k === 'sticky');

  const stroke = useDefaults ? style.stroke : strokeOf(first.kind, first.props);
  const fillSource = sample.find((o) => o.kind !== 'text') ?? first;
  const fill = useDefaults ? (onlySticky ? style.stickyFill : style.fill) : fillOf(fillSource.kind, fillSource.props);
  const textSample = sample.find((o) => o.kind === 'text');
  const textColour = useDefaults ? style.textColour : textSample ? fillOf('text', textSample.props) : style.textColour;
  const strokeWidth = useDefaults ? style.strokeWidth : strokeWidthOf(first.kind, first.props);
  const opacity = useDefaults ? style.opacity : first.props.opacity ?? 1;
  const rect = sample.find((o) => o.kind === 'rect');
  const cornerRadius = useDefaults ? style.cornerRadius : rect?.props.cornerRadius ?? 0;
  // Shapes can hold text too, but their text controls show only once they have some.
  const textBearing = sample.find((o) => o.kind === 'text' || o.kind === 'sticky' || (isTextBearing(o.kind) && (o.props.text ?? '') !== ''));
  const fontSize = useDefaults ? style.fontSize : textBearing ? fontSizeOf(textBearing.kind, textBearing.props) : style.fontSize;
  const fontFamily = useDefaults ? style.fontFamily : textBearing?.props.fontFamily ?? FONT_STACKS.sans;
  const textAlign = useDefaults ? style.textAlign : textBearing ? textAlignOf(textBearing.kind, textBearing.props) : style.textAlign;
  const lineSample = sample.find((o) => o.kind === 'line' || o.kind === 'arrow');
  const frame = selected.length === 1 && first.kind === 'frame' ? first : undefined;

  return (
    <aside class="style-panel" data-testid="style-panel" aria-label="Style">
      {locked && <div class="locked-note">Locked — unlock to edit</div>}
      {has('stroke') && (
        <Section title="Stroke">
          <Swatches editor={editor} style="stroke" colours={STROKES} current={stroke} testid="stroke" />
        </Section>
      )}
      {has('fill') && (
        <Section title={onlySticky ? 'Note colour' : 'Fill'}>
          <Swatches editor={editor} style="fill" colours={onlySticky ? STICKY_FILLS : FILLS} current={fill} testid="fill" />
        </Section>
      )}
      {has('textColour') && (
        <Section title="Text colour">
          <Swatches editor={editor} style="textColour" colours={STROKES} current={textColour} testid="text-colour" />
        </Section>
      )}
      {has('strokeWidth') && (
        <Section title="Stroke width">
          <div class="button-row">
            {[1, 2, 4, 8].map((w) => (
              <button type="button" key={w} class={`chip${strokeWidth === w ? ' active' : ''}`} data-testid={`stroke-width-${w}`} onClick={() => editor.setStyle('strokeWidth', w)} title={`${w} px`}>
                <span class="stroke-sample" style={{ height: `${Math.min(w, 8)}px` }} />
              </button>
            ))}
             <input class="number" type="number" min={0} max={1000} step={1} data-testid="style-stroke-width" onKeyDown={blurOnEnter} value={strokeWidth} onChange={(e) => editor.setStyle('strokeWidth', clamp(Number((e.target as HTMLInputElement).value), 0, 1000))} />
          </div>
        </Section>
      )}
      {has('cornerRadius') && (
        <Section title="Corner radius">
          <Slider editor={editor} testid="style-corner-radius" min={0} max={80} step={1} value={cornerRadius} onValue={(v) => editor.setStyle('cornerRadius', v)} format={(v) => `${v}`} />
        </Section>
      )}
      {textBearing && (
        <Section title="Text">
          <div class="button-row">
            {FONT_SIZES.map(([label, size]) => (
              <button type="button" key={label} class={`chip${fontSize === size ? ' active' : ''}`} data-testid={`font-size-${label.toLowerCase()}`} onClick={() => editor.setStyle('fontSize', size)}>
                {label}
              </button>
            ))}
            <input class="number" type="number" min={1} max={10000} data-testid="style-font-size" onKeyDown={blurOnEnter} value={fontSize} onChange={(e) => editor.setStyle('fontSize', clamp(Number((e.target as HTMLInputElement).value), 1, 10000))} />
          </div>
          <div class="button-row">
            <select data-testid="style-font-family" value={fontFamily} onChange={(e) => editor.setStyle('fontFamily', (e.target as HTMLSelectElement).value)}>
              {FONTS.map(([label, stack]) => (
                <option key={label} value={stack}>
                  {label}
                </option>
              ))}
            </select>
            <IconButton icon="textLeft" title="Align left" testid="style-align-left" active={textAlign === 'left'} onClick={() => editor.setStyle('textAlign', 'left')} />
            <IconButton icon="textCenter" title="Align centre" testid="style-align-center" active={textAlign === 'center'} onClick={() => editor.setStyle('textAlign', 'center')} />
            <IconButton icon="textRight" title="Align right" testid="style-align-right" active={textAlign === 'right'} onClick={() => editor.setStyle('textAlign', 'right')} />
          </div>
        </Section>
      )}
      {lineSample && (
        <Section title="Arrowheads">
          <div class="button-row">
            <HeadSelect editor={editor} which="startArrow" value={lineSample.props.startArrow ?? 'none'} />
            <HeadSelect editor={editor} which="endArrow" value={lineSample.props.endArrow ?? (lineSample.kind === 'arrow' ? 'arrow' : 'none')} />
          </div>
        </Section>
      )}
      {frame && (
        <Section title="Frame name">
          <input
            class="text-input"
            data-testid="frame-name"
            value={frame.props.name ?? 'Frame'}
            maxLength={1024}
            onChange={(e) => editor.setSelectionProps({ name: (e.target as HTMLInputElement).value })}
            onKeyDown={(e) => {
              // Enter or Escape hands the keyboard back to the board's shortcuts.
              if (e.key === 'Enter' || e.key === 'Escape') (e.target as HTMLInputElement).blur();
            }}
          />
        </Section>
      )}
      <Section title="Opacity">
        <Slider editor={editor} testid="style-opacity" min={0} max={100} step={5} value={Math.round(opacity * 100)} onValue={(v) => editor.setStyle('opacity', v / 100)} format={(v) => `${v}%`} />
      </Section>
      {selected.length > 0 && <Actions editor={editor} selected={selected} locked={locked} />}
    </aside>
  );
}

function HeadSelect({ editor, which, value }: { editor: Editor; which: 'startArrow' | 'endArrow'; value: ArrowHead }) {
  return (
    <label class="head-select">
      <span>{which === 'startArrow' ? 'Start' : 'End'}</span>
      <select data-testid={`style-${which === 'startArrow' ? 'start' : 'end'}-arrow`} value={value} onChange={(e) => editor.setStyle(which, (e.target as HTMLSelectElement).value)}>
        <option value="none">None</option>
        <option value="arrow">Arrow</option>
        <option value="triangle">Triangle</option>
        <option value="dot">Dot</option>
      </select>
    </label>
  );
}

function Actions({ editor, selected, locked }: { editor: Editor; selected: BoardObject[]; locked: boolean }) {
  const many = selected.length >= 2;
  return (
    <>
      <Section title="Layers and actions">
        <div class="button-row">
          <IconButton icon="back" title="Send to back — Ctrl+Shift+[" testid="action-to-back" onClick={() => editor.reorder('back')} disabled={locked} />
          <IconButton icon="backward" title="Send backward — Ctrl+[" testid="action-backward" onClick={() => editor.reorder('backward')} disabled={locked} />
          <IconButton icon="forward" title="Bring forward — Ctrl+]" testid="action-forward" onClick={() => editor.reorder('forward')} disabled={locked} />
          <IconButton icon="front" title="Bring to front — Ctrl+Shift+]" testid="action-to-front" onClick={() => editor.reorder('front')} disabled={locked} />
          <span class="row-gap" />
          <IconButton icon="copy" title="Duplicate — Ctrl+D" testid="action-duplicate" onClick={() => editor.duplicateSelection()} />
          <IconButton icon={locked ? 'unlock' : 'lock'} title={locked ? 'Unlock — Ctrl+Shift+L' : 'Lock — Ctrl+Shift+L'} testid="action-lock" active={locked} onClick={() => editor.setLocked(!locked)} />
          <IconButton icon="trash" title="Delete — Delete" testid="action-delete" onClick={() => editor.deleteSelection()} disabled={locked} />
        </div>
      </Section>
      {many && (
        <Section title="Align">
          <div class="button-row">
            <IconButton icon="alignLeft" title="Align left" testid="align-left" onClick={() => editor.align('left')} />
            <IconButton icon="alignHCenter" title="Align centres horizontally" testid="align-hcenter" onClick={() => editor.align('hcenter')} />
            <IconButton icon="alignRight" title="Align right" testid="align-right" onClick={() => editor.align('right')} />
            <IconButton icon="alignTop" title="Align top" testid="align-top" onClick={() => editor.align('top')} />
            <IconButton icon="alignVCenter" title="Align middles vertically" testid="align-vcenter" onClick={() => editor.align('vcenter')} />
            <IconButton icon="alignBottom" title="Align bottom" testid="align-bottom" onClick={() => editor.align('bottom')} />
          </div>
          {selected.length >= 3 && (
            <div class="button-row">
              <IconButton icon="distributeH" title="Distribute horizontally" testid="distribute-horizontal" onClick={() => editor.distribute('horizontal')} />
              <IconButton icon="distributeV" title="Distribute vertically" testid="distribute-vertical" onClick={() => editor.distribute('vertical')} />
            </div>
          )}
        </Section>
      )}
    </>
  );
}

function blurOnEnter(e: KeyboardEvent): void {
  if (e.key === 'Enter' || e.key === 'Escape') (e.target as HTMLInputElement).blur();
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

