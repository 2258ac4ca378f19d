/** The brand bar every image carries: logo, agent name, brokerage and phone, in brand colours. */
import type { FontSet } from './fonts.js';
import type { BrandLook } from './formats.js';
import { fitColumn, fitRow, rowNode, type FittedRow, type TextRow } from './text-rows.js';
import { h, img, type Theme, type VNode } from './theme.js';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PreparedLogo {
  src: string;
  width: number;
  height: number;
}

/** The largest logo a bar of this content height shows (the logo is resized to fit inside). */
export const logoBoxFor = (contentHeight: number) => ({
  maxWidth: Math.round(contentHeight * 2.4),
  maxHeight: Math.round(contentHeight * 0.56),
});

export interface BrandBarInput {
  box: Box;
  /** The bar's usable height from its top (a story keeps its bottom clear of Instagram's reply bar). */
  contentHeight: number;
  pad: number;
  brand: BrandLook;
  logo: PreparedLogo | null;
  theme: Theme;
  fonts: FontSet;
}

export function brandBar(input: BrandBarInput): { node: VNode; rows: FittedRow[] } {
  const { box, contentHeight, pad, brand, logo, theme, fonts } = input;
  const chip = theme.luxury ? 0 : Math.round(contentHeight * 0.08);
  const gap = Math.round(contentHeight * 0.22);
  let textWidth = box.width - pad * 2;
  const children: VNode[] = [];
  if (logo) {
    children.push(
      h(
        {
          padding: chip,
          borderRadius: chip,
          backgroundColor: theme.luxury ? 'transparent' : '#ffffff',
          flexShrink: 0,
        },
        img(logo.src, logo.width, logo.height),
      ),
    );
    textWidth -= logo.width + chip * 2 + gap;
  }
  let phone: VNode | null = null;
  // A narrow bar (the landscape formats) stacks the phone under the names instead of beside them.
  const stacked = box.width < 800;
  if (brand.phone && !stacked) {
    const phoneRow: TextRow = {
      key: 'phone',
      text: brand.phone,
      family: 'sans',
      weight: 600,
      maxSize: Math.round(contentHeight * 0.2),
      minSize: Math.round(contentHeight * 0.12),
      maxLines: 1,
      shorten: false,
      color: theme.luxury ? theme.barMuted : theme.barText,
      tracking: theme.luxury ? 0.06 : 0,
    };
    const fit = fitRow(phoneRow, Math.round(textWidth * 0.4), fonts);
    const width = Math.ceil(
      Math.max(...fit.lines.map((line) => fonts.measure(line, { ...phoneRow, size: fit.fontSize }))),
    );
    phone = h({ marginLeft: gap, flexShrink: 0 }, rowNode({ ...phoneRow, fit, gap: 0, height: 0 }, fonts));
    textWidth -= width + gap;
  }
  const rows: TextRow[] = [];
  const names: [string | null, boolean][] = [
    [brand.agentName, true],
    [brand.brokerage, false],
  ];
  for (const [text, main] of names) {
    if (!text?.trim()) continue;
    rows.push({
      key: main ? 'agentName' : 'brokerage',
      text: theme.luxury && !main ? text.toUpperCase() : text,
      family: theme.luxury && main ? 'serif' : 'sans',
      weight: main ? (theme.luxury ? 400 : 800) : 400,
      maxSize: Math.round(contentHeight * (main ? 0.26 : 0.18)),
      minSize: Math.round(contentHeight * (main ? 0.16 : 0.12)),
      maxLines: 1,
      shorten: true,
      color: main ? theme.barText : theme.barMuted,
      tracking: theme.luxury && !main ? 0.14 : 0,
      gapBefore: Math.round(contentHeight * 0.04),
    });
  }
  if (brand.phone && stacked) {
    rows.push({
      key: 'phone',
      text: brand.phone,
      family: 'sans',
      weight: 600,
      maxSize: Math.round(contentHeight * 0.16),
      minSize: Math.round(contentHeight * 0.1),
      maxLines: 1,
      shorten: false,
      color: theme.luxury ? theme.barMuted : theme.barText,
      gapBefore: Math.round(contentHeight * 0.03),
    });
  }
  const column = fitColumn(rows, Math.max(textWidth, 1), contentHeight - pad, fonts);
  const textColumn = h(
    { flexDirection: 'column', flexGrow: 1, flexShrink: 1, marginLeft: logo ? gap : 0, minWidth: 0 },
    ...column.rows.map((row) => rowNode(row, fonts)),
  );
  const rule = theme.luxury
    ? [h({ position: 'absolute', left: pad, right: pad, top: 0, height: 2, backgroundColor: theme.accent })]
    : [];
  const node = h(
    {
      position: 'absolute',
      left: box.left,
      top: box.top,
      width: box.width,
      height: box.height,
      backgroundColor: theme.bar,
    },
    ...rule,
    h(
      { width: box.width, height: contentHeight, paddingLeft: pad, paddingRight: pad, alignItems: 'center' },
      ...children,
      textColumn,
      ...(phone ? [phone] : []),
    ),
  );
  return { node, rows: column.rows };
}
