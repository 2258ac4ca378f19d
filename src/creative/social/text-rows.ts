/**
 * A column of text rows (kicker, price, address, …) fitted into a box: each row is fitted to the width
 * with fitText, and when the column is taller than the box every row's size range is scaled down
 * together until it fits. The result says what was chosen, so a test can check it.
 */
import { fitText, type FitResult } from './fit-text.js';
import type { FontFamily, FontSet, FontWeight } from './fonts.js';
import { h, type Child, type VNode } from './theme.js';

export interface TextRow {
  /** Names the row in the fit report ('price', 'street', …). */
  key: string;
  text: string;
  family: FontFamily;
  weight: FontWeight;
  maxSize: number;
  minSize: number;
  maxLines: number;
  /** False for what must stay whole (prices): it shrinks instead. */
  shorten: boolean;
  color: string;
  lineHeight?: number;
  /** Letter spacing as a fraction of the font size. */
  tracking?: number;
  /** Space above the row at full scale. */
  gapBefore?: number;
  /** Drawn struck through (the old price), after an unstruck prefix such as "Was". */
  struck?: { prefix: string };
}

export interface FittedRow extends TextRow {
  fit: FitResult;
  height: number;
  gap: number;
}

export interface ColumnFit {
  rows: FittedRow[];
  width: number;
  height: number;
  /** Every row fits its width and the column fits its height. */
  fits: boolean;
}

const lineHeightOf = (row: TextRow) => row.lineHeight ?? 1.2;

export function fitRow(row: TextRow, width: number, fonts: FontSet, scale = 1): FitResult {
  const style = { family: row.family, weight: row.weight };
  return fitText({
    text: row.struck ? `${row.struck.prefix} ${row.text}` : row.text,
    maxWidth: width,
    maxLines: row.maxLines,
    maxSize: Math.max(1, Math.round(row.maxSize * scale)),
    minSize: Math.max(1, Math.round(row.minSize * scale)),
    shorten: row.shorten && !row.struck,
    measure: (text, size) =>
      fonts.measure(text, { ...style, size, letterSpacing: (row.tracking ?? 0) * size }),
  });
}

export function fitColumn(rows: TextRow[], width: number, height: number, fonts: FontSet): ColumnFit {
  let fitted: FittedRow[] = [];
  let total = 0;
  for (let scale = 1; scale > 0.3; scale *= 0.92) {
    fitted = rows.map((row, index) => {
      const fit = fitRow(row, width, fonts, scale);
      const gap = index === 0 ? 0 : Math.round((row.gapBefore ?? 0) * scale);
      return { ...row, fit, gap, height: Math.ceil(fit.lines.length * fit.fontSize * lineHeightOf(row)) };
    });
    total = fitted.reduce((sum, row) => sum + row.gap + row.height, 0);
    if (total <= height) break;
  }
  return { rows: fitted, width, height: total, fits: total <= height && fitted.every((row) => row.fit.fits) };
}

export function rowNode(row: FittedRow, fonts: FontSet): VNode {
  const { fontSize } = row.fit;
  const lineStyle = {
    fontFamily: fonts.familyName(row.family),
    fontWeight: row.weight,
    fontSize,
    lineHeight: lineHeightOf(row),
    letterSpacing: (row.tracking ?? 0) * fontSize,
    color: row.color,
    whiteSpace: 'nowrap',
  };
  const lines: Child[] = row.fit.lines.map((line) => {
    if (row.struck && line.startsWith(`${row.struck.prefix} `)) {
      const rest = line.slice(row.struck.prefix.length + 1);
      return h(
        { ...lineStyle, flexDirection: 'row' },
        h({ marginRight: fontSize * 0.3 }, row.struck.prefix),
        h({ textDecoration: 'line-through' }, rest),
      );
    }
    return h(lineStyle, line);
  });
  return h({ flexDirection: 'column', marginTop: row.gap, flexShrink: 0 }, ...lines);
}
