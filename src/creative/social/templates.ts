/**
 * The single-image template for every event and format: a hero (the listing photo, or a brand-colour
 * design when there is none), a text panel (kicker, price, address, facts) and the brand bar. Portrait,
 * square and story stack them; the landscape formats put the hero on the left. The photo itself is not
 * in the tree: its box is left transparent and the renderer composites the cropped photo under it.
 */
import type { EventDetails, ListingFacts } from '../../ai/content.js';
import { brandBar, logoBoxFor, type Box, type PreparedLogo } from './brand-bar.js';
import type { FontSet } from './fonts.js';
import type { BrandLook } from './formats.js';
import {
  compactPrice,
  eventKicker,
  eventLabels,
  factsLine,
  formatPrice,
  localityLine,
  streetLine,
} from './listing-text.js';
import { fitColumn, fitRow, rowNode, type ColumnFit, type FittedRow, type TextRow } from './text-rows.js';
import { h, outline, withAlpha, type Theme, type VNode } from './theme.js';

export interface Geometry {
  width: number;
  height: number;
  vertical: boolean;
  /** Where the photo (or the design standing in for it) goes. */
  hero: Box;
  panel: Box;
  bar: Box;
  barContentHeight: number;
  pad: number;
  scale: number;
  logo: { maxWidth: number; maxHeight: number };
}

export function geometryFor(width: number, height: number, theme: Theme): Geometry {
  const vertical = height >= width;
  const scale = vertical ? width / 1080 : height / 700;
  const frame = Math.round(width * theme.frame);
  if (vertical) {
    const story = height / width > 1.5;
    const heroHeight = Math.round(height * (story ? 0.5 : height > width ? 0.56 : 0.5));
    const barContentHeight = Math.round((story ? 150 : height > width ? 132 : 120) * scale);
    const barHeight = barContentHeight + (story ? Math.round(220 * scale) : 0);
    const hero = { left: frame, top: frame, width: width - frame * 2, height: heroHeight - frame };
    return {
      width,
      height,
      vertical,
      hero,
      panel: { left: 0, top: heroHeight, width, height: height - heroHeight - barHeight },
      bar: { left: 0, top: height - barHeight, width, height: barHeight },
      barContentHeight,
      pad: Math.round(60 * scale * theme.air),
      scale,
      logo: logoBoxFor(barContentHeight),
    };
  }
  const heroWidth = Math.round(width * 0.54);
  const barHeight = Math.round(height * 0.18);
  return {
    width,
    height,
    vertical,
    hero: { left: frame, top: frame, width: heroWidth - frame * 2, height: height - frame * 2 },
    panel: { left: heroWidth, top: 0, width: width - heroWidth, height: height - barHeight },
    bar: { left: heroWidth, top: height - barHeight, width: width - heroWidth, height: barHeight },
    barContentHeight: barHeight,
    pad: Math.round(44 * scale * theme.air),
    scale,
    logo: logoBoxFor(barHeight),
  };
}

export interface SingleImageInput {
  details: EventDetails;
  listing: ListingFacts;
  brand: BrandLook;
  theme: Theme;
  fonts: FontSet;
  geometry: Geometry;
  logo: PreparedLogo | null;
  hasPhoto: boolean;
}

export interface FitReport {
  /** Every text on the image fits its box, on at most its allowed lines. */
  fits: boolean;
  rows: { key: string; fontSize: number; lines: string[]; shortened: boolean }[];
}

/**
 * A part of the image that depends only on the brand, the look and the size, never on the listing
 * (the brand bar, the no-photo design's background): laid out on its own at (0, 0) in a tree the size
 * of `box`, and left out of the main tree, which is transparent there. The renderer draws each layer
 * once, keeps the pixels, and puts them under the main drawing.
 */
export interface Layer {
  node: VNode;
  box: Box;
}

export interface SingleImagePlan {
  node: VNode;
  /** The box the photo fills, or null for the no-photo design. */
  photoBox: Box | null;
  /** Drawn separately and kept; they do not overlap each other or the photo box. */
  layers: Layer[];
  fit: FitReport;
}

/** Every text a single image may show: what the font set has to cover. */
export function singleImageTexts(details: EventDetails, listing: ListingFacts, brand: BrandLook): string {
  const previous = details.event === 'price_reduced' ? formatPrice(details.previousPrice) : '';
  return [
    eventLabels[details.event].toUpperCase(),
    eventLabels[details.event],
    eventKicker(details) ?? '',
    `Was ${previous}`,
    formatPrice(listing.price),
    compactPrice(listing.price),
    streetLine(listing),
    localityLine(listing),
    localityLine(listing).toUpperCase(),
    factsLine(listing) ?? '',
    brand.agentName ?? '',
    brand.brokerage ?? '',
    (brand.brokerage ?? '').toUpperCase(),
    brand.phone ?? '',
    '…',
  ].join(' ');
}

/** The full price, or "$1.25M" when the full one would have to shrink too far. */
export function headlinePrice(
  price: number,
  row: Omit<TextRow, 'text'>,
  width: number,
  fonts: FontSet,
): string {
  const full = formatPrice(price);
  const fit = fitRow({ ...row, text: full }, width, fonts);
  return fit.fontSize >= row.maxSize * 0.7 ? full : compactPrice(price);
}

export function panelRows(input: SingleImageInput, width: number): TextRow[] {
  const { details, listing, theme, fonts, geometry } = input;
  const s = geometry.scale * (theme.luxury ? 0.92 : 1);
  const rows: TextRow[] = [];
  const kicker = eventKicker(details);
  if (kicker) {
    rows.push({
      key: 'kicker',
      text: kicker,
      family: 'sans',
      weight: 600,
      maxSize: 34 * s,
      minSize: 20 * s,
      maxLines: 2,
      shorten: true,
      color: theme.accent,
    });
  }
  if (details.event === 'price_reduced') {
    rows.push({
      key: 'previousPrice',
      text: formatPrice(details.previousPrice),
      struck: { prefix: 'Was' },
      family: 'sans',
      weight: 600,
      maxSize: 32 * s,
      minSize: 18 * s,
      maxLines: 1,
      shorten: false,
      color: theme.panelMuted,
    });
  }
  const price: Omit<TextRow, 'text'> = {
    key: 'price',
    family: theme.display.family,
    weight: theme.display.weight,
    maxSize: (theme.luxury ? 88 : 96) * s,
    minSize: 40 * s,
    maxLines: 1,
    shorten: false,
    color: theme.panelText,
    lineHeight: 1.1,
    tracking: theme.luxury ? 0 : -0.02,
    gapBefore: 10 * s,
  };
  rows.push({ ...price, text: headlinePrice(listing.price, price, width, fonts) });
  rows.push({
    key: 'street',
    text: streetLine(listing),
    family: theme.display.family,
    weight: theme.luxury ? 400 : 600,
    maxSize: 50 * s,
    minSize: 28 * s,
    maxLines: 2,
    shorten: true,
    color: theme.panelText,
    lineHeight: 1.15,
    gapBefore: 16 * s,
  });
  rows.push({
    key: 'locality',
    text: theme.luxury ? localityLine(listing).toUpperCase() : localityLine(listing),
    family: 'sans',
    weight: 400,
    maxSize: (theme.luxury ? 24 : 32) * s,
    minSize: 18 * s,
    maxLines: 1,
    shorten: true,
    color: theme.panelMuted,
    tracking: theme.luxury ? 0.16 : 0,
    gapBefore: 8 * s,
  });
  const facts = factsLine(listing);
  if (facts) {
    rows.push({
      key: 'facts',
      text: facts,
      family: 'sans',
      weight: 600,
      maxSize: 28 * s,
      minSize: 18 * s,
      maxLines: 1,
      shorten: true,
      color: theme.luxury ? theme.accent : theme.accent,
      tracking: theme.luxury ? 0.08 : 0,
      gapBefore: 14 * s,
    });
  }
  return rows;
}

function badge(input: SingleImageInput): { node: VNode; height: number } {
  const { theme, fonts, geometry, details } = input;
  const size = Math.round((theme.luxury ? 22 : 28) * geometry.scale);
  const tracking = theme.luxury ? 0.3 : 0.12;
  const text = eventLabels[details.event].toUpperCase();
  const padY = Math.round(size * (theme.luxury ? 0.8 : 0.55));
  const label = h(
    {
      paddingTop: padY,
      paddingBottom: padY,
      paddingLeft: Math.round(size * 1.1),
      paddingRight: Math.round(size * 1.1 - tracking * size),
      backgroundColor: theme.badge,
      color: theme.badgeText,
      borderRadius: theme.luxury ? 0 : 999,
      fontFamily: fonts.familyName('sans'),
      fontWeight: theme.luxury ? 600 : 800,
      fontSize: size,
      lineHeight: 1.2,
      letterSpacing: tracking * size,
      whiteSpace: 'nowrap',
    },
    text,
  );
  // The luxury badge's 2px accent border is the accent box showing around the label: a CSS border would
  // be a stroke under a clip path, which resvg draws as a whole extra canvas layer.
  const node = theme.luxury ? h({ padding: 2, backgroundColor: theme.accent }, label) : label;
  return { node, height: Math.ceil(size * 1.2 + padY * 2 + (theme.luxury ? 4 : 0)) };
}

/**
 * The design in place of a missing photo: brand gradient, quiet shapes, the event in large type. The
 * gradient and rings are a separate backdrop: satori draws a background image as an SVG pattern, which
 * resvg renders off-screen and then samples pixel by pixel, up to 60 ms for a 1080 × 756 box.
 */
function heroDesign(input: SingleImageInput, box: Box): { node: VNode; backdrop: Layer; rows: FittedRow[] } {
  const { theme, fonts, geometry, details, listing } = input;
  const s = geometry.scale;
  const pad = Math.round(geometry.pad * 1.3);
  const rows: TextRow[] = [
    {
      key: 'heroLocality',
      text: localityLine(listing).toUpperCase(),
      family: 'sans',
      weight: 600,
      maxSize: 24 * s,
      minSize: 16 * s,
      maxLines: 1,
      shorten: true,
      color: theme.luxury ? theme.accent : theme.heroText,
      tracking: 0.22,
    },
    {
      key: 'heroLabel',
      text: eventLabels[details.event],
      family: theme.display.family,
      weight: theme.display.weight,
      maxSize: (geometry.vertical ? 150 : 110) * s,
      minSize: 48 * s,
      maxLines: 2,
      shorten: false,
      color: theme.heroText,
      lineHeight: 1.05,
      tracking: theme.luxury ? 0.01 : -0.03,
      gapBefore: 20 * s,
    },
  ];
  const column = fitColumn(rows, box.width - pad * 2, box.height - pad * 2, fonts);
  const ruleWidth = Math.round(120 * s);
  // The rings are drawn in an SVG background image (clipped to the box by the image itself), not as
  // round CSS borders: satori draws each border, and `overflow: hidden`, as a clip path, and resvg draws
  // every clip path as a whole extra canvas layer. Same circles: a border of width `line` inside a
  // `size` box is a stroke of that width centred `line / 2` inside the box's circle.
  const line = Math.max(2, Math.round(3 * s));
  const ring = (size: number, left: number, top: number, opacity: number) =>
    `<circle cx="${left + size / 2}" cy="${top + size / 2}" r="${size / 2 - line / 2}" fill="none" stroke="${withAlpha(theme.heroText, opacity)}" stroke-width="${line}"/>`;
  const rings = theme.luxury
    ? null
    : `<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}" viewBox="0 0 ${box.width} ${box.height}">${[
        ring(box.height * 1.3, box.width - box.height * 0.7, -box.height * 0.35, 0.14),
        ring(box.height * 0.8, box.width - box.height * 0.3, box.height * 0.45, 0.1),
      ].join('')}</svg>`;
  const inset = (by: number) => ({
    left: by,
    top: by,
    width: box.width - by * 2,
    height: box.height - by * 2,
  });
  const decorations = theme.luxury
    ? [
        ...outline(inset(pad / 2), 2, theme.accent),
        ...outline(inset(pad / 2 + 10), 1, withAlpha(theme.accent, 0.6)),
      ]
    : [
        h({
          position: 'absolute',
          left: 0,
          top: 0,
          width: Math.round(18 * s),
          height: box.height,
          backgroundColor: theme.badge,
        }),
      ];
  const backdrop = h({
    width: box.width,
    height: box.height,
    backgroundImage: [
      ...(rings ? [`url(data:image/svg+xml;base64,${Buffer.from(rings).toString('base64')})`] : []),
      `linear-gradient(135deg, ${theme.heroFrom}, ${theme.heroTo})`,
    ].join(', '),
  });
  const node = h(
    { position: 'absolute', left: box.left, top: box.top, width: box.width, height: box.height },
    ...decorations,
    h(
      {
        flexDirection: 'column',
        justifyContent: 'center',
        alignItems: theme.luxury ? 'center' : 'flex-start',
        width: box.width,
        height: box.height,
        padding: pad,
      },
      ...column.rows.map((row) => rowNode(row, fonts)),
      h({
        width: ruleWidth,
        height: Math.max(3, Math.round((theme.luxury ? 2 : 10) * s)),
        marginTop: 28 * s,
        backgroundColor: theme.luxury ? theme.accent : theme.badge,
      }),
    ),
  );
  return { node, backdrop: { node: backdrop, box }, rows: column.rows };
}

export function planSingleImage(input: SingleImageInput): SingleImagePlan {
  const { geometry, theme, fonts, hasPhoto } = input;
  const { panel, hero, pad } = geometry;
  const children: VNode[] = [];
  const report: FittedRow[] = [];
  if (theme.frame > 0) {
    // The luxury frame: panel colour around the photo, with the photo's box left clear.
    const frame = hero.left;
    children.push(
      ...outline(
        {
          left: 0,
          top: 0,
          width: hero.width + frame * 2,
          height: hero.top + hero.height + (geometry.vertical ? 0 : frame),
        },
        frame,
        theme.panel,
        { bottom: !geometry.vertical },
      ),
    );
  }
  const layers: Layer[] = [];
  if (!hasPhoto) {
    const design = heroDesign(input, hero);
    children.push(design.node);
    layers.push(design.backdrop);
    report.push(...design.rows);
  }
  const tag = hasPhoto ? badge(input) : null;
  const inset = tag && geometry.vertical ? Math.ceil(tag.height / 2) : 0;
  const width = panel.width - pad * 2;
  let height = panel.height - pad * 2 - inset;
  const leading: VNode[] = [];
  if (tag && !geometry.vertical) {
    leading.push(h({ marginBottom: Math.round(24 * geometry.scale) }, tag.node));
    height -= tag.height + Math.round(24 * geometry.scale);
  }
  if (theme.luxury) {
    leading.push(
      h({
        width: Math.round(72 * geometry.scale),
        height: 2,
        backgroundColor: theme.accent,
        marginBottom: Math.round(24 * geometry.scale),
      }),
    );
    height -= 2 + Math.round(24 * geometry.scale);
  }
  const column: ColumnFit = fitColumn(panelRows(input, width), width, height, fonts);
  report.push(...column.rows);
  children.push(
    h(
      {
        position: 'absolute',
        left: panel.left,
        top: panel.top,
        width: panel.width,
        height: panel.height,
        backgroundColor: theme.panel,
        flexDirection: 'column',
        justifyContent: 'center',
        paddingLeft: pad,
        paddingRight: pad,
        paddingTop: pad + inset,
        paddingBottom: pad,
      },
      ...leading,
      ...column.rows.map((row) => rowNode(row, fonts)),
    ),
  );
  if (tag && geometry.vertical) {
    children.push(
      h(
        { position: 'absolute', left: pad, top: hero.top + hero.height - Math.floor(tag.height / 2) },
        tag.node,
      ),
    );
  }
  // Nothing else is drawn in the bar's box: it is a layer, laid out at (0, 0) in a tree its size.
  const { bar: barBox } = geometry;
  const at0 = { left: 0, top: 0, width: barBox.width, height: barBox.height };
  const bar = brandBar({ ...input, box: at0, contentHeight: geometry.barContentHeight, pad });
  layers.push({
    node: h({ position: 'relative', width: at0.width, height: at0.height }, bar.node),
    box: barBox,
  });
  report.push(...bar.rows);
  const node = h({ position: 'relative', width: geometry.width, height: geometry.height }, ...children);
  return {
    node,
    photoBox: hasPhoto ? hero : null,
    layers,
    fit: {
      fits: column.fits && report.every((row) => row.fit.fits),
      rows: report.map((row) => ({
        key: row.key,
        fontSize: row.fit.fontSize,
        lines: row.fit.lines,
        shortened: row.fit.shortened,
      })),
    },
  };
}
