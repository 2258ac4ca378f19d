/**
 * Fonts for the flyer: Inter (standard) and Playfair Display (luxury headings) from @fontsource, with
 * Noto Sans JP as the fallback for characters neither covers (e.g. a Japanese street name).
 *
 * @fontsource ships each font split into unicode-range subsets (one WOFF file each; Noto Sans JP in
 * ~120). pdfkit draws a string with one font and has no fallback, so text is split into runs, each
 * with the first subset file whose range covers its characters ({@link fontRuns}). Files are read and
 * unpacked to plain TrueType once per process ({@link woffToSfnt}); pdfkit parses and subsets only the
 * ones a document uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';

export type Family = 'inter' | 'playfair';
export type Weight = 300 | 400 | 500 | 600 | 700 | 800;

export interface FontFace {
  family: Family;
  weight: Weight;
  italic?: boolean;
}

/** One piece of text and the registered font (a subset file) that has its glyphs. */
export interface FontRun {
  text: string;
  font: string;
}

interface Subset {
  /** The pdfkit font name, also the file name without extension. */
  name: string;
  ranges: [number, number][];
}

const require = createRequire(import.meta.url);

const packages = {
  inter: { pkg: '@fontsource/inter', prefix: 'inter' },
  playfair: { pkg: '@fontsource/playfair-display', prefix: 'playfair-display' },
  fallback: { pkg: '@fontsource/noto-sans-jp', prefix: 'noto-sans-jp' },
} as const;
type PackageKey = keyof typeof packages;

/** The subsets tried first, in this order; Noto Sans JP's numbered CJK subsets follow for the fallback. */
const preferredSubsets = [
  'latin',
  'latin-ext',
  'cyrillic',
  'cyrillic-ext',
  'greek',
  'greek-ext',
  'vietnamese',
];

function packageDir(key: PackageKey): string {
  return dirname(require.resolve(`${packages[key].pkg}/package.json`));
}

function parseRanges(spec: string): [number, number][] {
  return spec.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from ?? '', 16);
    return [start, to === undefined ? start : parseInt(to, 16)];
  });
}

const subsetCache = new Map<PackageKey, { subset: string; ranges: [number, number][] }[]>();

/** The package's subsets (from its unicode.json), named ones in the preferred order first. */
function subsetsOf(key: PackageKey): { subset: string; ranges: [number, number][] }[] {
  const cached = subsetCache.get(key);
  if (cached) return cached;
  const table = JSON.parse(readFileSync(join(packageDir(key), 'unicode.json'), 'utf8')) as Record<
    string,
    string
  >;
  const named = preferredSubsets.filter((name) => name in table);
  const rest = Object.keys(table)
    .filter((name) => !preferredSubsets.includes(name))
    .map((name) => name.replace(/^\[(\d+)\]$/, '$1'));
  const list = [...named, ...rest].map((subset) => ({
    subset,
    ranges: parseRanges(table[subset] ?? table[`[${subset}]`] ?? ''),
  }));
  subsetCache.set(key, list);
  return list;
}

function subsetFiles(key: PackageKey, weight: Weight, italic: boolean): Subset[] {
  const style = italic ? 'italic' : 'normal';
  return subsetsOf(key).map(({ subset, ranges }) => ({
    name: `${packages[key].prefix}-${subset}-${weight}-${style}`,
    ranges,
  }));
}

const faceCache = new Map<string, Subset[]>();

/** Subsets for a face: the family's own, then Noto Sans JP (upright only) at the same weight. */
function subsetsFor(face: FontFace): Subset[] {
  const key = `${face.family}-${face.weight}-${face.italic === true}`;
  const cached = faceCache.get(key);
  if (cached) return cached;
  // Playfair Display starts at 400; its 300 would not exist.
  const weight = face.family === 'playfair' && face.weight < 400 ? 400 : face.weight;
  const list = [
    ...subsetFiles(face.family, weight, face.italic === true),
    ...subsetFiles('fallback', face.weight, false),
  ];
  faceCache.set(key, list);
  return list;
}

function covers(subset: Subset, codePoint: number): boolean {
  return subset.ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/**
 * Splits text into runs that each one font file can draw (spaces go to the latin file). Characters no file covers (Arabic, Hangul, Thai…) are drawn with the primary font and show as
 * missing glyphs: a known limitation of the installed fonts.
 */
export function fontRuns(text: string, face: FontFace): FontRun[] {
  const subsets = subsetsFor(face);
  const primary = subsets[0]?.name ?? '';
  const runs: FontRun[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const previous = runs[runs.length - 1];
    const font = subsets.find((subset) => covers(subset, codePoint))?.name ?? primary;
    if (previous && previous.font === font) previous.text += char;
    else runs.push({ text: char, font });
  }
  return runs;
}

/**
 * Unpacks a WOFF 1.0 file to the TrueType/OpenType font it wraps. fontkit reads WOFF itself, but
 * inflates every table with a pure-JavaScript decoder on every document (≈ 50 ms a font); unpacking
 * once with zlib leaves pdfkit a plain font to parse.
 */
export function woffToSfnt(woff: Buffer, dropTables: string[] = []): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already a plain font
  const flavor = woff.readUInt32BE(4);
  const dropped = new Set(dropTables.map((tag) => Buffer.from(tag, 'latin1').readUInt32BE(0)));
  const tables = Array.from({ length: woff.readUInt16BE(12) }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.readUInt32BE(entry),
      checksum: woff.readUInt32BE(entry + 16),
      data: compLength < origLength ? inflateSync(stored) : stored,
    };
  }).filter((table) => !dropped.has(table.tag));
  const numTables = tables.length;
  const log2 = Math.floor(Math.log2(numTables));
  const headerSize = 12 + numTables * 16;
  const padded = (length: number) => (length + 3) & ~3;
  const total = tables.reduce((sum, table) => sum + padded(table.data.length), headerSize);
  const sfnt = Buffer.alloc(total);
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(2 ** log2 * 16, 6);
  sfnt.writeUInt16BE(log2, 8);
  sfnt.writeUInt16BE(numTables * 16 - 2 ** log2 * 16, 10);
  let offset = headerSize;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    sfnt.writeUInt32BE(table.tag, record);
    sfnt.writeUInt32BE(table.checksum, record + 4);
    sfnt.writeUInt32BE(offset, record + 8);
    sfnt.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(sfnt, offset);
    offset += padded(table.data.length);
  });
  return sfnt;
}

const fileCache = new Map<string, Buffer>();

/** The font (unpacked from its WOFF file) for a name from {@link fontRuns}, read once per process. */
export function fontFile(name: string): Buffer {
  const cached = fileCache.get(name);
  if (cached) return cached;
  const key = (Object.keys(packages) as PackageKey[]).find((k) => name.startsWith(`${packages[k].prefix}-`));
  if (!key) throw new Error(`unknown flyer font ${name}`);
  // Shaping is most of a flyer's CPU time, and pdfkit re-parses the lookups for every document. Inter's
  // GSUB holds contextual alternates and stylistic sets the flyer does not use; its kerning (GPOS) is kept
  // for the display weights (700+, names, prices, headlines) and dropped for text sizes, where it is
  // imperceptible.
  const drop = key !== 'inter' ? [] : /-[7-9]00-/.test(name) ? ['GSUB'] : ['GSUB', 'GPOS'];
  const font = woffToSfnt(readFileSync(join(packageDir(key), 'files', `${name}.woff`)), drop);
  fileCache.set(name, font);
  return font;
}
