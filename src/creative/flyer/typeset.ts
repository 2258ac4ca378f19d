/**
 * Text drawing on a pdfkit document, always at explicit positions with `lineBreak: false`: pdfkit's own
 * wrapping adds pages when text passes the bottom margin, so every line is measured and placed here.
 */
import { fontFile, fontRuns, type FontFace } from './fonts.js';
import { fitShrinking, fitText, sizeSteps, type Fitted, type Line } from './text-fit.js';

export interface TextStyle {
  face: FontFace;
  size: number;
  color: string;
  /** Letter spacing in points. */
  tracking?: number;
  /** Line height as a multiple of the size (default 1.35). */
  leading?: number;
  opacity?: number;
}

export interface Span {
  text: string;
  style: TextStyle;
}

export type Align = 'left' | 'center' | 'right';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BlockOptions {
  align?: Align;
  /** Smallest size to shrink to before shortening (default: no shrinking). */
  minSize?: number;
  maxLines?: number;
  preferSentence?: boolean;
  /** Extra space before paragraphs, as a multiple of the line height. */
  paragraphGap?: number;
  /** Place the lines at the bottom of the box (default top). */
  valign?: 'top' | 'middle' | 'bottom';
}

export interface DrawnBlock extends Fitted {
  size: number;
}

/** Cap height of the fonts used, as a share of the size: used to centre capitals in a line box. */
const CAP_HEIGHT = 0.72;

export function lineHeightOf(style: TextStyle): number {
  return style.size * (style.leading ?? 1.35);
}

export type Typesetter = ReturnType<typeof createTypesetter>;

/**
 * Advance widths at 1,000 pt by font and text, shared by all documents: the fonts are fixed files, so a
 * width never changes, and shaping (kerning lookups) is most of a flyer's text cost. Words recur across
 * flyers (labels, agent and brokerage names, common words), so the cache stays useful; it is bounded.
 */
const widthCache = new Map<string, number>();
const WIDTH_CACHE_ENTRIES = 50_000;
const REFERENCE_SIZE = 1000;

function remember(key: string, width: number): void {
  if (widthCache.size >= WIDTH_CACHE_ENTRIES) {
    const oldest = widthCache.keys().next();
    if (!oldest.done) widthCache.delete(oldest.value);
  }
  widthCache.set(key, width);
}

export function createTypesetter(doc: PDFKit.PDFDocument) {
  const registered = new Set<string>();

  function use(font: string, size: number): void {
    if (!registered.has(font)) {
      doc.registerFont(font, fontFile(font));
      registered.add(font);
    }
    doc.font(font).fontSize(size);
  }

  function measure(text: string, style: TextStyle): number {
    const tracking = style.tracking ?? 0;
    let width = 0;
    for (const run of fontRuns(text, style.face)) {
      const key = `${run.font}\u0000${run.text}`;
      let reference = widthCache.get(key);
      if (reference === undefined) {
        use(run.font, REFERENCE_SIZE);
        reference = doc.widthOfString(run.text);
        remember(key, reference);
      }
      // pdfkit adds the character spacing after every UTF-16 unit but the last.
      width += (reference * style.size) / REFERENCE_SIZE + tracking * run.text.length;
    }
    return Math.max(0, width - tracking);
  }

  function measureSpans(spans: Span[]): number {
    return spans.reduce((sum, span) => sum + measure(span.text, span.style), 0);
  }

  /** Draws spans on one baseline starting at x. */
  function drawSpans(spans: Span[], x: number, baseline: number): void {
    let cursor = x;
    for (const { text, style } of spans) {
      const tracking = style.tracking ?? 0;
      for (const run of fontRuns(text, style.face)) {
        use(run.font, style.size);
        doc.fillColor(style.color, style.opacity ?? 1);
        doc.text(run.text, cursor, baseline, {
          lineBreak: false,
          baseline: 'alphabetic',
          characterSpacing: tracking,
        });
        cursor += measure(run.text, style) + tracking;
      }
      // Opacity is graphics state: later fills would inherit it.
      if (style.opacity !== undefined) doc.fillOpacity(1);
    }
  }

  function alignedX(width: number, box: { x: number; width: number }, align: Align): number {
    if (align === 'center') return box.x + (box.width - width) / 2;
    if (align === 'right') return box.x + box.width - width;
    return box.x;
  }

  /** Draws spans on one line in a box (vertically centred on its capitals). */
  function drawSpanLine(spans: Span[], box: Box, align: Align = 'left'): void {
    const size = Math.max(...spans.map((span) => span.style.size));
    const baseline = box.y + (box.height + CAP_HEIGHT * size) / 2;
    drawSpans(spans, alignedX(measureSpans(spans), box, align), baseline);
  }

  function fitOptions(text: string, style: TextStyle, box: Box, options: BlockOptions) {
    return (size: number) => {
      const sized = { ...style, size };
      const lineHeight = lineHeightOf(sized);
      return {
        width: box.width,
        // A one-line block always gets its line (it is fitted across, and centred by `valign`).
        height: options.maxLines === 1 ? Math.max(box.height, lineHeight) : box.height,
        lineHeight,
        paragraphGap: (options.paragraphGap ?? 0.5) * lineHeight,
        maxLines: options.maxLines,
        preferSentence: options.preferSentence,
        measure: (value: string) => measure(value, sized),
      };
    };
  }

  /** Fits text in a box (shrinking, then shortening) without drawing it. */
  function fit(text: string, style: TextStyle, box: Box, options: BlockOptions = {}): DrawnBlock {
    const optionsFor = fitOptions(text, style, box, options);
    if (options.minSize === undefined) return { ...fitText(text, optionsFor(style.size)), size: style.size };
    return fitShrinking(text, sizeSteps(style.size, options.minSize), optionsFor);
  }

  function drawLines(lines: Line[], style: TextStyle, box: Box, options: BlockOptions, height: number): void {
    const lineHeight = lineHeightOf(style);
    const gap = (options.paragraphGap ?? 0.5) * lineHeight;
    const valign = options.valign ?? 'top';
    let top =
      box.y +
      (valign === 'bottom' ? box.height - height : valign === 'middle' ? (box.height - height) / 2 : 0);
    for (const line of lines) {
      if (line.paragraphStart) top += gap;
      const width = measure(line.text, style);
      const baseline = top + (lineHeight + CAP_HEIGHT * style.size) / 2;
      drawSpans([{ text: line.text, style }], alignedX(width, box, options.align ?? 'left'), baseline);
      top += lineHeight;
    }
  }

  /** Fits and draws text in a box; returns what was drawn (its height, whether it was shortened). */
  function block(text: string, style: TextStyle, box: Box, options: BlockOptions = {}): DrawnBlock {
    const fitted = fit(text, style, box, options);
    drawLines(fitted.lines, { ...style, size: fitted.size }, box, options, fitted.height);
    return fitted;
  }

  return { measure, measureSpans, drawSpans, drawSpanLine, fit, block, drawLines };
}
