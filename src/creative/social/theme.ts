/**
 * The two looks — standard (brand colours, bold sans) and luxury (serif, ivory, gold, more air) — and
 * the tiny element helper the templates build satori's plain-object tree with.
 */
import type { FontFamily, FontWeight } from './fonts.js';
import type { BrandLook } from './formats.js';

export type Style = Record<string, string | number>;
export type Child = VNode | string;
export interface VNode {
  type: string;
  props: { style?: Style; children?: Child | Child[]; src?: string; width?: number; height?: number };
}

/** A flex `div` (satori needs `display: flex` on any element with more than one child). */
export function h(style: Style, ...children: Child[]): VNode {
  return { type: 'div', props: { style: { display: 'flex', boxSizing: 'border-box', ...style }, children } };
}

/**
 * A rectangle's outline as four plain boxes (top and bottom full width, the sides between them, so a
 * translucent colour is never drawn twice). Same pixels as a CSS `border` on that box, but satori draws a
 * border as a stroke under a clip path, and resvg draws every clip path as a whole extra canvas layer.
 */
export function outline(
  box: { left: number; top: number; width: number; height: number },
  line: number,
  color: string,
  sides: { bottom?: boolean } = {},
): VNode[] {
  const { left, top, width, height } = box;
  const bottom = sides.bottom ?? true;
  const rect = (l: number, t: number, w: number, hh: number) =>
    h({ position: 'absolute', left: l, top: t, width: w, height: hh, backgroundColor: color });
  const inner = height - line * (bottom ? 2 : 1);
  return [
    rect(left, top, width, line),
    rect(left, top + line, line, inner),
    rect(left + width - line, top + line, line, inner),
    ...(bottom ? [rect(left, top + height - line, width, line)] : []),
  ];
}

export function img(src: string, width: number, height: number, style: Style = {}): VNode {
  return { type: 'img', props: { src, width, height, style: { width, height, ...style } } };
}

export interface Theme {
  luxury: boolean;
  display: { family: FontFamily; weight: FontWeight };
  /** Text panel: background, text and the quieter secondary text. */
  panel: string;
  panelText: string;
  panelMuted: string;
  /** Event badge. */
  badge: string;
  badgeText: string;
  /** Rules, kicker lines, frame lines. */
  accent: string;
  /** Brand bar. */
  bar: string;
  barText: string;
  barMuted: string;
  /** The design that stands in for a missing photo: gradient ends and its text. */
  heroFrom: string;
  heroTo: string;
  heroText: string;
  /** Space around the photo (luxury frames it) and the type/padding multiplier. */
  frame: number;
  air: number;
}

type Rgb = [number, number, number];

function parseColor(value: string, fallback: Rgb): Rgb {
  const hex = value.trim().replace(/^#/, '');
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) return fallback;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

/** `#rrggbb` → `rgba(r, g, b, alpha)`. */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = parseColor(hex, [0, 0, 0]);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as Rgb;

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [20, 22, 26];
const IVORY: Rgb = [248, 244, 236];
const GOLD: Rgb = [184, 146, 74];
const CHARCOAL: Rgb = [24, 24, 27];

/** White or near-black, whichever reads better on `background`. */
const textOn = (background: Rgb): Rgb =>
  contrast(WHITE, background) >= contrast(INK, background) ? WHITE : INK;
/** `wanted` if it stands out enough on `background`, else plain text colour. */
const legible = (wanted: Rgb, background: Rgb, minimum = 3): Rgb =>
  contrast(wanted, background) >= minimum ? wanted : textOn(background);

export function themeFor(brand: BrandLook): Theme {
  const primary = parseColor(brand.primaryColor, [30, 58, 95]);
  const secondary = parseColor(brand.secondaryColor, [15, 23, 42]);
  const accent = parseColor(brand.accentColor, [245, 158, 11]);
  if (brand.luxury) {
    // Brand colour stays on the bar; a dark brand colour carries the headline, else charcoal does.
    const headline = contrast(primary, IVORY) >= 4.5 ? primary : CHARCOAL;
    const heroBase = luminance(primary) < 0.08 ? primary : mix(primary, CHARCOAL, 0.7);
    return {
      luxury: true,
      display: { family: 'serif', weight: 400 },
      panel: toHex(IVORY),
      panelText: toHex(headline),
      panelMuted: toHex(mix(headline, IVORY, 0.35)),
      badge: toHex(IVORY),
      badgeText: toHex(CHARCOAL),
      accent: toHex(GOLD),
      bar: toHex(luminance(primary) < 0.2 ? primary : CHARCOAL),
      barText: toHex(IVORY),
      barMuted: toHex(mix(GOLD, IVORY, 0.35)),
      heroFrom: toHex(heroBase),
      heroTo: toHex(mix(heroBase, [0, 0, 0], 0.45)),
      heroText: toHex(IVORY),
      frame: 0.035,
      air: 1.4,
    };
  }
  const panelText = textOn(primary);
  return {
    luxury: false,
    display: { family: 'sans', weight: 800 },
    panel: toHex(primary),
    panelText: toHex(panelText),
    panelMuted: toHex(mix(panelText, primary, 0.25)),
    badge: toHex(accent),
    badgeText: toHex(textOn(accent)),
    accent: toHex(legible(accent, primary)),
    bar: toHex(secondary),
    barText: toHex(textOn(secondary)),
    barMuted: toHex(mix(textOn(secondary), secondary, 0.25)),
    heroFrom: toHex(primary),
    heroTo: toHex(mix(primary, secondary, 0.85)),
    heroText: toHex(panelText),
    frame: 0,
    air: 1,
  };
}
