/**
 * The fonts an image needs, loaded once and kept: Inter (sans), Playfair Display (the luxury serif) and
 * the Noto Sans JP subsets for the CJK code points a text actually contains. Every subset is its own
 * font family for satori, whose fallback walks the other families in list order to find a glyph; the
 * text measurer below walks them in the same order, so what we measure is what satori draws.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFontMetrics, type FontMetrics } from './font-metrics.js';

export type FontFamily = 'sans' | 'serif';
export const fontWeights = [400, 600, 800] as const;
export type FontWeight = (typeof fontWeights)[number];

export interface TextStyle {
  family: FontFamily;
  weight: FontWeight;
  size: number;
  /** Extra space after every character, in pixels. */
  letterSpacing?: number;
}

/** What satori takes as one entry of `fonts`. */
export interface SatoriFont {
  name: string;
  data: Buffer;
  weight: FontWeight;
  style: 'normal';
}

export interface FontSet {
  /** Stable per combination of subsets, so satori's own per-list engine cache is hit. */
  fonts: SatoriFont[];
  /** The CSS family name of a face, for `fontFamily`. */
  familyName(family: FontFamily): string;
  /** Width in pixels of one line of text drawn in this style. */
  measure(text: string, style: TextStyle): number;
  /** The characters of `text` that no font of the set has a glyph for (would draw as tofu boxes). */
  missing(text: string): string[];
}

interface Subset {
  /** Unique satori family name of this subset. */
  name: string;
  file: (weight: FontWeight) => string;
  ranges: [number, number][];
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`@fontsource/${name}/package.json`));

function parseRanges(list: string): [number, number][] {
  return list.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from ?? '', 16);
    return [start, to === undefined ? start : parseInt(to, 16)];
  });
}

function subsetsOf(pkg: string, family: string, keys: (key: string) => boolean): Subset[] {
  const dir = packageDir(pkg);
  const unicode = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return Object.entries(unicode)
    .filter(([key]) => keys(key))
    .map(([key, ranges]) => {
      const id = key.replace(/[[\]]/g, '');
      return {
        name: id === 'latin' ? family : `${family} ${id}`,
        file: (weight: FontWeight) => join(dir, 'files', `${pkg}-${id}-${weight}-normal.woff`),
        ranges: parseRanges(ranges),
      };
    })
    .sort((a, b) => Number(b.name === family) - Number(a.name === family));
}

let catalogue: { sans: Subset[]; serif: Subset[]; cjk: Subset[] } | undefined;
function subsets() {
  catalogue ??= {
    sans: subsetsOf('inter', 'Inter', () => true),
    serif: subsetsOf('playfair-display', 'Playfair Display', () => true),
    cjk: subsetsOf('noto-sans-jp', 'Noto Sans JP', (key) => key.startsWith('[')),
  };
  return catalogue;
}

interface LoadedFace {
  data: Buffer;
  metrics: FontMetrics;
}
const faces = new Map<string, LoadedFace>();
function face(subset: Subset, weight: FontWeight): LoadedFace {
  const file = subset.file(weight);
  let loaded = faces.get(file);
  if (!loaded) {
    const data = readFileSync(file);
    loaded = { data, metrics: readFontMetrics(data) };
    faces.set(file, loaded);
  }
  return loaded;
}

const covers = (subset: Subset, codePoint: number) =>
  subset.ranges.some(([start, end]) => codePoint >= start && codePoint <= end);

const setCache = new Map<string, FontSet>();
const SET_CACHE_SIZE = 32;

/** The fonts that draw every character of `text` (the luxury look adds the serif). Cached. */
export function fontSetFor(text: string, luxury: boolean): FontSet {
  const { sans, serif, cjk } = subsets();
  const primary = luxury ? [serif[0]!, sans[0]!] : [sans[0]!];
  const fallbacks = [...(luxury ? serif.slice(1) : []), ...sans.slice(1), ...cjk];
  const chosen = new Set<Subset>();
  const seen = new Set<number>();
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (seen.has(codePoint)) continue;
    seen.add(codePoint);
    if (primary.some((subset) => covers(subset, codePoint))) continue;
    const found = fallbacks.find((subset) => covers(subset, codePoint));
    if (found) chosen.add(found);
  }
  const used = [...primary, ...fallbacks.filter((subset) => chosen.has(subset))];
  const key = `${used.map((subset) => subset.name).join('|')}`;
  let set = setCache.get(key);
  if (set) {
    setCache.delete(key);
  } else {
    set = buildSet(used);
    if (setCache.size >= SET_CACHE_SIZE) setCache.delete(setCache.keys().next().value!);
  }
  setCache.set(key, set);
  return set;
}

function buildSet(used: Subset[]): FontSet {
  const fonts: SatoriFont[] = used.flatMap((subset) =>
    fontWeights.map((weight) => ({
      name: subset.name,
      data: face(subset, weight).data,
      weight,
      style: 'normal' as const,
    })),
  );
  const { sans, serif } = subsets();
  const familyName = (family: FontFamily) => (family === 'serif' ? serif[0]! : sans[0]!).name;
  // Per family and weight: the face satori picks first, then every other family in list order.
  const chains = new Map<string, FontMetrics[]>();
  const chain = (family: FontFamily, weight: FontWeight) => {
    const key = `${family}${weight}`;
    let found = chains.get(key);
    if (!found) {
      const own = used.find((subset) => subset.name === familyName(family)) ?? used[0]!;
      found = [own, ...used.filter((subset) => subset !== own)].map((subset) => face(subset, weight).metrics);
      chains.set(key, found);
    }
    return found;
  };
  const all = used.map((subset) => face(subset, 400).metrics);
  return {
    fonts,
    familyName,
    missing: (text) =>
      [...new Set(text.replace(/\s/g, ''))].filter(
        (char) => !all.some((m) => m.advances.has(char.codePointAt(0)!)),
      ),
    measure(text, style) {
      const faces = chain(style.family, style.weight);
      let units = 0;
      let count = 0;
      for (const char of text) {
        const codePoint = char.codePointAt(0)!;
        count++;
        let advance: number | undefined;
        let em = 1000;
        for (const metrics of faces) {
          advance = metrics.advances.get(codePoint);
          if (advance !== undefined) {
            em = metrics.unitsPerEm;
            break;
          }
        }
        // A character no font has is drawn as the last font's notdef: about 0.6 em wide.
        units += (advance ?? 600) / em;
      }
      return units * style.size + count * (style.letterSpacing ?? 0);
    },
  };
}
