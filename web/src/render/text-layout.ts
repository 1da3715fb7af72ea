// Wraps text into lines that fit a width. Measuring is the slow part of drawing text, so
// layouts are cached by (font, width, text); a board redrawn while panning measures nothing.

export interface Measurer {
  measureText(text: string): { width: number };
  font: string;
}

const cache = new Map<string, string[]>();
const MAX_ENTRIES = 20_000;

export function wrapText(ctx: Measurer, text: string, font: string, maxWidth: number): string[] {
  const key = `${font}\u0000${Math.round(maxWidth)}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  ctx.font = font;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (maxWidth <= 0) {
      lines.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      if (word === '') continue;
      const candidate = line + word;
      if (line === '' || ctx.measureText(candidate).width <= maxWidth) {
        line = candidate;
        // A single word wider than the box is broken by characters.
        if (ctx.measureText(line).width > maxWidth && !/\s/.test(word)) line = breakWord(ctx, line, maxWidth, lines);
        continue;
      }
      lines.push(line.trimEnd());
      line = /^\s+$/.test(word) ? '' : word;
      if (ctx.measureText(line).width > maxWidth) line = breakWord(ctx, line, maxWidth, lines);
    }
    lines.push(line);
  }
  if (cache.size > MAX_ENTRIES) cache.clear();
  cache.set(key, lines);
  return lines;
}

function breakWord(ctx: Measurer, word: string, maxWidth: number, lines: string[]): string {
  let rest = word;
  while (rest.length > 1 && ctx.measureText(rest).width > maxWidth) {
    let cut = rest.length - 1;
    while (cut > 1 && ctx.measureText(rest.slice(0, cut)).width > maxWidth) cut--;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return rest;
}

export function fontString(size: number, family: string, weight = 400): string {
  return `${weight} ${size}px ${family}`;
}
