/**
 * Advance widths read straight from a WOFF (1.0) file: enough to measure a line of text the way satori
 * lays it out (sum of advances; kerning only ever narrows a line, so ignoring it errs on the safe side).
 */
import { inflateSync } from 'node:zlib';

export interface FontMetrics {
  unitsPerEm: number;
  /** Code point → advance width in font units; a code point absent here has no glyph in this font. */
  advances: Map<number, number>;
}

function readTables(woff: Buffer): Map<string, Buffer> {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const numTables = woff.readUInt16BE(12);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const tag = woff.toString('latin1', entry, entry + 4);
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.set(tag, compLength < origLength ? inflateSync(raw) : raw);
  }
  return tables;
}

function table(tables: Map<string, Buffer>, tag: string): Buffer {
  const found = tables.get(tag);
  if (!found) throw new Error(`font has no ${tag} table`);
  return found;
}

/** Code point → glyph id, from the best Unicode cmap subtable (format 12, else format 4). */
function readCmap(cmap: Buffer): Map<number, number> {
  const count = cmap.readUInt16BE(2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < count; i++) {
    const record = 4 + i * 8;
    const platform = cmap.readUInt16BE(record);
    const encoding = cmap.readUInt16BE(record + 2);
    const offset = cmap.readUInt32BE(record + 4);
    const format = cmap.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 = offset;
    if (format === 4) format4 = offset;
  }
  const glyphs = new Map<number, number>();
  if (format12 >= 0) {
    const groups = cmap.readUInt32BE(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + g * 12;
      const start = cmap.readUInt32BE(at);
      const end = cmap.readUInt32BE(at + 4);
      const glyph = cmap.readUInt32BE(at + 8);
      for (let c = start; c <= end; c++) glyphs.set(c, glyph + c - start);
    }
    return glyphs;
  }
  if (format4 < 0) return glyphs;
  const segCount = cmap.readUInt16BE(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  for (let s = 0; s < segCount; s++) {
    const end = cmap.readUInt16BE(ends + s * 2);
    const start = cmap.readUInt16BE(starts + s * 2);
    const delta = cmap.readInt16BE(deltas + s * 2);
    const rangeOffsetAt = rangeOffsets + s * 2;
    const rangeOffset = cmap.readUInt16BE(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsetAt + rangeOffset + (c - start) * 2;
        const raw = cmap.readUInt16BE(at);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) glyphs.set(c, glyph);
    }
  }
  return glyphs;
}

export function readFontMetrics(woff: Buffer): FontMetrics {
  const tables = readTables(woff);
  const unitsPerEm = table(tables, 'head').readUInt16BE(18);
  const numberOfHMetrics = table(tables, 'hhea').readUInt16BE(34);
  const hmtx = table(tables, 'hmtx');
  const lastAdvance = hmtx.readUInt16BE((numberOfHMetrics - 1) * 4);
  const advances = new Map<number, number>();
  for (const [codePoint, glyph] of readCmap(table(tables, 'cmap'))) {
    advances.set(codePoint, glyph < numberOfHMetrics ? hmtx.readUInt16BE(glyph * 4) : lastAdvance);
  }
  return { unitsPerEm, advances };
}
