/** Drawing pieces both layouts use: the photo grid, bulleted lists, the facts line, colours. */
import type { Fact } from './flyer-content.js';
import type { Box, Span, TextStyle, Typesetter } from './typeset.js';
import { lineHeightOf } from './typeset.js';

/** Where `count` photos go in `area`: one fills it; 2–3 put the hero left of a column; 4–5 above a row. */
export function photoGridSlots(area: Box, count: number, gap: number): Box[] {
  if (count <= 0) return [];
  if (count === 1) return [area];
  const others = count - 1;
  if (count <= 3) {
    const heroWidth = Math.round((area.width - gap) * 0.64);
    const columnWidth = area.width - gap - heroWidth;
    const cellHeight = (area.height - gap * (others - 1)) / others;
    return [
      { ...area, width: heroWidth },
      ...Array.from({ length: others }, (_, i) => ({
        x: area.x + heroWidth + gap,
        y: area.y + i * (cellHeight + gap),
        width: columnWidth,
        height: cellHeight,
      })),
    ];
  }
  const rowHeight = Math.round((area.height - gap) * 0.27);
  const heroHeight = area.height - gap - rowHeight;
  const cellWidth = (area.width - gap * (others - 1)) / others;
  return [
    { ...area, height: heroHeight },
    ...Array.from({ length: others }, (_, i) => ({
      x: area.x + i * (cellWidth + gap),
      y: area.y + heroHeight + gap,
      width: cellWidth,
      height: rowHeight,
    })),
  ];
}

/** Draws prepared photos in their slots; a photo that could not be decoded leaves a tinted tile. */
export function drawPhotos(
  doc: PDFKit.PDFDocument,
  slots: Box[],
  photos: (Buffer | null)[],
  placeholder: string,
): void {
  slots.forEach((slot, index) => {
    const photo = photos[index];
    if (photo) doc.image(photo, slot.x, slot.y, { width: slot.width, height: slot.height });
    else doc.rect(slot.x, slot.y, slot.width, slot.height).fill(placeholder);
  });
}

/**
 * Draws as many items as fit in the box, each up to `maxItemLines` lines (longer ones are shortened),
 * with `bullet` drawn at the first line of each. Returns how many items were drawn.
 */
export function drawBulletList(
  ts: Typesetter,
  items: string[],
  style: TextStyle,
  box: Box,
  options: {
    indent: number;
    itemGap: number;
    maxItemLines: number;
    bullet: (x: number, centreY: number) => void;
  },
): number {
  const lineHeight = lineHeightOf(style);
  let top = box.y;
  let drawn = 0;
  for (const item of items) {
    const room = box.y + box.height - top;
    if (room < lineHeight) break;
    const itemBox = { x: box.x + options.indent, y: top, width: box.width - options.indent, height: room };
    const fitted = ts.fit(item, style, itemBox, { maxLines: options.maxItemLines });
    if (fitted.lines.length === 0) break;
    options.bullet(box.x, top + lineHeight / 2);
    ts.drawLines(fitted.lines, style, itemBox, {}, fitted.height);
    top += fitted.height + options.itemGap;
    drawn += 1;
  }
  return drawn;
}

/**
 * The facts ("4 Beds • 3 Baths • 2,150 Sq Ft …") on one line in the box: shrinks down to `minSize`,
 * then leaves out facts from the end (year, then lot) until the line fits.
 */
export function drawFactsLine(
  ts: Typesetter,
  facts: Fact[],
  styles: { value: TextStyle; label: TextStyle; separator: TextStyle & { text: string } },
  box: Box,
  minSize: number,
  transform: (label: string) => string = (label) => label,
): void {
  const spansFor = (list: Fact[], scale: number): Span[] => {
    const sized = (style: TextStyle) => ({ ...style, size: style.size * scale });
    return list.flatMap((fact, index) => [
      ...(index > 0 ? [{ text: styles.separator.text, style: sized(styles.separator) }] : []),
      ...(fact.labelFirst
        ? [
            { text: `${transform(fact.label)} `, style: sized(styles.label) },
            { text: fact.value, style: sized(styles.value) },
          ]
        : [
            { text: `${fact.value} `, style: sized(styles.value) },
            { text: transform(fact.label), style: sized(styles.label) },
          ]),
    ]);
  };
  const minScale = minSize / styles.value.size;
  for (let count = facts.length; count > 0; count -= 1) {
    const list = facts.slice(0, count);
    for (let scale = 1; scale >= minScale - 1e-6; scale -= 0.05) {
      const spans = spansFor(list, scale);
      if (ts.measureSpans(spans) <= box.width) {
        ts.drawSpanLine(spans, box, 'center');
        return;
      }
    }
  }
}

/** Black or white, whichever reads better on `hex`. */
export function textOn(hex: string): string {
  const value = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? '#16181d' : '#ffffff';
}

/** A `#rrggbb` colour from the brand kit, or the fallback when it is not one. */
export function normalizeColor(value: string, fallback: string): string {
  const hex = value.trim().replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(hex)) return `#${hex.toLowerCase()}`;
  if (/^[0-9a-f]{3}$/i.test(hex)) {
    return `#${[...hex].map((c) => c + c).join('')}`.toLowerCase();
  }
  return fallback;
}
