import {
  fillOf,
  fontSizeOf,
  isClear,
  LINE_HEIGHT,
  DEFAULT_FONT,
  strokeOf,
  strokeWidthOf,
  textAlignOf,
  textColourOf,
  textPaddingOf,
  verticalAlignOf,
} from '../model/defaults';
import { localBox, type Box } from '../model/geometry';
import { isPolyline, isTextBearing } from '../model/kinds';
import type { ArrowHead, BoardObject } from '../model/types';
import { imageFor } from './image-cache';
import { fontString, wrapText } from './text-layout';

// Draws one object in world coordinates; the caller has set the camera transform. `scale` is
// screen pixels per world unit, used to pick a level of detail: far away, shapes become
// their boxes and text becomes grey bars, which is what keeps huge boards smooth.

export interface DrawOptions {
  scale: number;
  /** Text of this object is being edited in place: the editor draws it, not us. */
  hideText: boolean;
}

export function drawObject(ctx: CanvasRenderingContext2D, object: BoardObject, options: DrawOptions): void {
  const props = object.props;
  const box = localBox(object);
  const screenSize = Math.max(box.w, box.h) * options.scale;
  const opacity = props.opacity ?? 1;
  if (opacity <= 0) return;
  ctx.globalAlpha = opacity;
  const rotation = props.rotation ?? 0;
  if (rotation !== 0) {
    ctx.save();
    ctx.translate(box.x + box.w / 2, box.y + box.h / 2);
    ctx.rotate(rotation);
    ctx.translate(-(box.x + box.w / 2), -(box.y + box.h / 2));
  }
  if (screenSize < 4 && object.kind !== 'line' && object.kind !== 'arrow' && object.kind !== 'path') {
    drawSimplified(ctx, object, box);
  } else {
    drawDetailed(ctx, object, box, options);
  }
  if (rotation !== 0) ctx.restore();
  ctx.globalAlpha = 1;
}

function drawSimplified(ctx: CanvasRenderingContext2D, object: BoardObject, box: Box): void {
  const fill = fillOf(object.kind, object.props);
  ctx.fillStyle = object.kind === 'image' ? '#b8bcc4' : !isClear(fill) && object.kind !== 'text' ? fill : strokeOf(object.kind, object.props);
  ctx.fillRect(box.x, box.y, Math.max(box.w, 1), Math.max(box.h, 1));
}

function drawDetailed(ctx: CanvasRenderingContext2D, object: BoardObject, box: Box, options: DrawOptions): void {
  const { kind, props } = object;
  const fill = fillOf(kind, props);
  const stroke = strokeOf(kind, props);
  const strokeWidth = strokeWidthOf(kind, props);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';

  switch (kind) {
    case 'image':
      drawImage(ctx, props.src, box);
      return;
    case 'text':
      if (!options.hideText) drawText(ctx, object, box, options.scale);
      return;
    case 'sticky':
      drawSticky(ctx, box, fill, options.scale);
      if (!options.hideText) drawText(ctx, object, box, options.scale);
      return;
    case 'frame':
      ctx.fillStyle = fill;
      if (!isClear(fill)) ctx.fillRect(box.x, box.y, box.w, box.h);
      ctx.strokeStyle = stroke;
      ctx.lineWidth = strokeWidth;
      if (strokeWidth > 0 && !isClear(stroke)) ctx.strokeRect(box.x, box.y, box.w, box.h);
      drawFrameLabel(ctx, props.name ?? 'Frame', box, options.scale);
      return;
    default:
      break;
  }

  if (isPolyline(kind)) {
    drawPolyline(ctx, object, fill, stroke, strokeWidth, options.scale);
    return;
  }

  ctx.beginPath();
  traceOutline(ctx, object, box);
  if (!isClear(fill)) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (strokeWidth > 0 && !isClear(stroke)) {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = strokeWidth;
    ctx.stroke();
  }
  if (isTextBearing(kind) && props.text && !options.hideText) drawText(ctx, object, box, options.scale);
}

export function traceOutline(ctx: CanvasRenderingContext2D, object: BoardObject, box: Box): void {
  const props = object.props;
  switch (object.kind) {
    case 'ellipse':
      ctx.ellipse(box.x + box.w / 2, box.y + box.h / 2, box.w / 2, box.h / 2, 0, 0, Math.PI * 2);
      return;
    case 'triangle':
      ctx.moveTo(box.x + box.w / 2, box.y);
      ctx.lineTo(box.x + box.w, box.y + box.h);
      ctx.lineTo(box.x, box.y + box.h);
      ctx.closePath();
      return;
    case 'star': {
      const spikes = Math.max(3, Math.round(props.spikes ?? 5));
      const inner = props.innerRatio ?? 0.5;
      const cx = box.x + box.w / 2;
      const cy = box.y + box.h / 2;
      for (let i = 0; i < spikes * 2; i++) {
        const r = i % 2 === 0 ? 1 : inner;
        const a = -Math.PI / 2 + (i * Math.PI) / spikes;
        const px = cx + Math.cos(a) * (box.w / 2) * r;
        const py = cy + Math.sin(a) * (box.h / 2) * r;
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.closePath();
      return;
    }
    default: {
      const radius = Math.min(props.cornerRadius ?? 0, box.w / 2, box.h / 2);
      if (radius > 0) ctx.roundRect(box.x, box.y, box.w, box.h, radius);
      else ctx.rect(box.x, box.y, box.w, box.h);
    }
  }
}

function drawPolyline(ctx: CanvasRenderingContext2D, object: BoardObject, fill: string, stroke: string, width: number, scale: number): void {
  const props = object.props;
  const pts = props.points ?? [];
  if (pts.length < 4) return;
  const ox = props.x;
  const oy = props.y;
  ctx.beginPath();
  ctx.moveTo(ox + (pts[0] ?? 0), oy + (pts[1] ?? 0));
  if (object.kind === 'path' && pts.length > 4 && scale > 0.15) {
    // Freehand strokes: quadratic curves through midpoints read as smooth ink.
    for (let i = 2; i + 3 < pts.length; i += 2) {
      const cx = ox + (pts[i] ?? 0);
      const cy = oy + (pts[i + 1] ?? 0);
      const nx = ox + (pts[i + 2] ?? 0);
      const ny = oy + (pts[i + 3] ?? 0);
      ctx.quadraticCurveTo(cx, cy, (cx + nx) / 2, (cy + ny) / 2);
    }
    ctx.lineTo(ox + (pts[pts.length - 2] ?? 0), oy + (pts[pts.length - 1] ?? 0));
  } else {
    for (let i = 2; i + 1 < pts.length; i += 2) ctx.lineTo(ox + (pts[i] ?? 0), oy + (pts[i + 1] ?? 0));
  }
  if (object.kind === 'path' && props.closed) {
    ctx.closePath();
    if (!isClear(fill)) {
      ctx.fillStyle = fill;
      ctx.fill();
    }
  }
  if (width > 0 && !isClear(stroke)) {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = width;
    ctx.stroke();
  }
  if (object.kind === 'path') return;
  const n = pts.length;
  const start = props.startArrow ?? 'none';
  const end = props.endArrow ?? (object.kind === 'arrow' ? 'arrow' : 'none');
  const at = (i: number) => ({ x: ox + (pts[i] ?? 0), y: oy + (pts[i + 1] ?? 0) });
  if (end !== 'none') drawHead(ctx, end, at(n - 4), at(n - 2), stroke, width);
  if (start !== 'none') drawHead(ctx, start, at(2), at(0), stroke, width);
}

function drawHead(ctx: CanvasRenderingContext2D, head: ArrowHead, from: { x: number; y: number }, tip: { x: number; y: number }, colour: string, width: number): void {
  const angle = Math.atan2(tip.y - from.y, tip.x - from.x);
  const size = Math.max(10, width * 4);
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = width;
  ctx.beginPath();
  if (head === 'dot') {
    ctx.arc(tip.x, tip.y, Math.max(3, width * 1.5), 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  const left = { x: tip.x - size * Math.cos(angle - Math.PI / 7), y: tip.y - size * Math.sin(angle - Math.PI / 7) };
  const right = { x: tip.x - size * Math.cos(angle + Math.PI / 7), y: tip.y - size * Math.sin(angle + Math.PI / 7) };
  ctx.moveTo(left.x, left.y);
  ctx.lineTo(tip.x, tip.y);
  ctx.lineTo(right.x, right.y);
  if (head === 'triangle') {
    ctx.closePath();
    ctx.fill();
  }
  ctx.stroke();
}

function drawSticky(ctx: CanvasRenderingContext2D, box: Box, fill: string, scale: number): void {
  // A blurred shadow is costly in bulk; two offset translucent layers read the same.
  if (scale > 0.2) {
    const alpha = ctx.globalAlpha;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.05)';
    ctx.fillRect(box.x + 1, box.y + 4, box.w, box.h);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.07)';
    ctx.fillRect(box.x, box.y + 1.5, box.w, box.h);
    ctx.globalAlpha = alpha;
  }
  ctx.fillStyle = fill;
  ctx.fillRect(box.x, box.y, box.w, box.h);
}

function drawImage(ctx: CanvasRenderingContext2D, src: string | undefined, box: Box): void {
  const image = src ? imageFor(src) : null;
  if (image) {
    ctx.drawImage(image, box.x, box.y, box.w, box.h);
    return;
  }
  ctx.fillStyle = '#eef0f3';
  ctx.fillRect(box.x, box.y, box.w, box.h);
}

function drawFrameLabel(ctx: CanvasRenderingContext2D, name: string, box: Box, scale: number): void {
  // The label keeps a constant screen size above the frame's top-left corner.
  const size = 12 / scale;
  ctx.font = fontString(size, DEFAULT_FONT, 500);
  ctx.fillStyle = '#6b7280';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText(name, box.x, box.y - 4 / scale, Math.max(box.w, 40 / scale));
}

function drawText(ctx: CanvasRenderingContext2D, object: BoardObject, box: Box, scale: number): void {
  const { kind, props } = object;
  const text = props.text ?? '';
  if (text === '') return;
  const fontSize = fontSizeOf(kind, props);
  const padding = textPaddingOf(kind);
  const width = box.w - padding * 2;
  const family = props.fontFamily ?? DEFAULT_FONT;
  const font = fontString(fontSize, family);
  const lines = wrapText(ctx, text, font, width);
  const lineHeight = fontSize * LINE_HEIGHT;
  const total = lines.length * lineHeight;
  const valign = verticalAlignOf(kind, props);
  let y = box.y + padding;
  if (valign === 'middle') y = box.y + (box.h - total) / 2;
  else if (valign === 'bottom') y = box.y + box.h - padding - total;
  const align = textAlignOf(kind, props);
  const x = align === 'left' ? box.x + padding : align === 'right' ? box.x + box.w - padding : box.x + box.w / 2;
  const colour = textColourOf(kind, props);
  if (fontSize * scale < 4) {
    // Too small to read: grey bars in place of lines cost far less than glyphs.
    ctx.fillStyle = colour;
    ctx.globalAlpha *= 0.35;
    lines.forEach((line, i) => {
      const w = Math.min(width, line.length * fontSize * 0.5);
      const left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
      ctx.fillRect(left, y + i * lineHeight + lineHeight * 0.25, w, lineHeight * 0.5);
    });
    ctx.globalAlpha /= 0.35;
    return;
  }
  ctx.font = font;
  ctx.fillStyle = colour;
  ctx.textAlign = align;
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => ctx.fillText(line, x, y + i * lineHeight + lineHeight / 2));
}

/** Height a text object needs for its content at its width. */
export function measureTextHeight(ctx: CanvasRenderingContext2D, object: BoardObject, text: string): number {
  const { kind, props } = object;
  const fontSize = fontSizeOf(kind, props);
  const padding = textPaddingOf(kind);
  const width = (props.w ?? 100) - padding * 2;
  const lines = wrapText(ctx, text === '' ? ' ' : text, fontString(fontSize, props.fontFamily ?? DEFAULT_FONT), width);
  return lines.length * fontSize * LINE_HEIGHT + padding * 2;
}
