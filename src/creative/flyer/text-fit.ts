/**
 * Line breaking and graceful shortening for fixed boxes. Text is broken at spaces (and between CJK
 * characters, which have none); when it does not fit, it is cut at a sentence end or after a whole word
 * followed by "…" — never inside a word. Pure: widths come from the `measure` callback.
 */

export interface Line {
  text: string;
  /** The first line of a paragraph after the first (drawn after a paragraph gap). */
  paragraphStart: boolean;
}

export interface FitOptions {
  width: number;
  /** Box height; lines past it are cut. */
  height: number;
  lineHeight: number;
  /** Extra space before each paragraph after the first. */
  paragraphGap?: number;
  maxLines?: number;
  /** Prefer ending at the last complete sentence (no "…") when that keeps most of the text. */
  preferSentence?: boolean;
  measure: (text: string) => number;
}

export interface Fitted {
  lines: Line[];
  truncated: boolean;
  /** Height the lines take, paragraph gaps included. */
  height: number;
}

interface Token {
  text: string;
  /** No space before it (CJK characters, pieces of a word broken because it is wider than the box). */
  joined: boolean;
  paragraphStart: boolean;
}

export const ELLIPSIS = '…';
const cjk = /[\u2e80-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
/** Closing marks that must not start a line; they stay with the character before them. */
const noLineStart = /^[、。，．！？）」』】〕〉》”’ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ・：；]$/u;
const sentenceEnd = /[.!?。！？](["'”’)\]」』]*)$/u;
const trailingPunctuation = /[\s,;:.!?\-–—([{“"'‘、。，]+$/u;

function tokenizeWord(word: string, paragraphStart: boolean): Token[] {
  if (!cjk.test(word)) return [{ text: word, joined: false, paragraphStart }];
  const pieces: string[] = [];
  let latin = '';
  for (const char of word) {
    if (cjk.test(char)) {
      if (latin) pieces.push(latin);
      latin = '';
      const last = pieces.length - 1;
      if (noLineStart.test(char) && last >= 0) pieces[last] += char;
      else pieces.push(char);
    } else {
      latin += char;
    }
  }
  if (latin) pieces.push(latin);
  return pieces.map((text, index) => ({
    text,
    joined: index > 0,
    paragraphStart: paragraphStart && index === 0,
  }));
}

function tokenize(text: string): Token[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return paragraphs.flatMap((paragraph, p) =>
    paragraph
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((word, w) => tokenizeWord(word, p > 0 && w === 0)),
  );
}

function lineText(tokens: Token[]): string {
  return tokens.map((token, index) => (index > 0 && !token.joined ? ' ' : '') + token.text).join('');
}

/** Splits a token wider than the box into pieces that fit (only for unbreakable strings such as URLs). */
function splitWide(token: Token, width: number, measure: (text: string) => number): Token[] {
  const pieces: Token[] = [];
  let current = '';
  for (const char of token.text) {
    if (current && measure(current + char) > width) {
      pieces.push({
        text: current,
        joined: pieces.length > 0,
        paragraphStart: token.paragraphStart && !pieces.length,
      });
      current = '';
    }
    current += char;
  }
  pieces.push({
    text: current,
    joined: pieces.length > 0,
    paragraphStart: token.paragraphStart && !pieces.length,
  });
  pieces[0] = { ...pieces[0]!, joined: token.joined };
  return pieces;
}

/**
 * Greedy line breaking. A line's width is the sum of its words' widths and the gaps between them
 * (shaping whole candidate lines instead costs ten times more); the small error that ignores kerning
 * across a space is covered by a quarter-point margin.
 */
function breakLines(tokens: Token[], width: number, measure: (text: string) => number): Token[][] {
  const widths = new Map<string, number>();
  const widthOf = (text: string) => {
    let value = widths.get(text);
    if (value === undefined) {
      value = measure(text);
      widths.set(text, value);
    }
    return value;
  };
  const spaceGap = widthOf('x x') - 2 * widthOf('x');
  const joinGap = widthOf('xx') - 2 * widthOf('x');
  const limit = width - 0.25;
  const lines: Token[][] = [];
  let current: Token[] = [];
  let currentWidth = 0;
  const queue = [...tokens];
  for (let token = queue.shift(); token; token = queue.shift()) {
    const tokenWidth = widthOf(token.text);
    const candidateWidth = currentWidth + (token.joined ? joinGap : spaceGap) + tokenWidth;
    if (current.length > 0 && !token.paragraphStart && candidateWidth <= limit) {
      current.push(token);
      currentWidth = candidateWidth;
      continue;
    }
    if (current.length > 0) lines.push(current);
    current = [];
    currentWidth = 0;
    if (tokenWidth > limit && [...token.text].length > 1) {
      queue.unshift(...splitWide(token, limit, measure));
    } else {
      current = [token];
      currentWidth = tokenWidth;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

function place(lines: Token[][], options: FitOptions): { lines: Line[]; height: number; fitting: number } {
  const gap = options.paragraphGap ?? 0;
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  let height = 0;
  let fitting = 0;
  const placed = lines.map((tokens, index) => {
    const paragraphStart = index > 0 && tokens[0]?.paragraphStart === true;
    const bottom = height + (paragraphStart ? gap : 0) + options.lineHeight;
    if (fitting === index && index < maxLines && bottom <= options.height + 0.01) {
      fitting += 1;
      height = bottom;
    }
    return { text: lineText(tokens), paragraphStart };
  });
  return { lines: placed.slice(0, fitting), height, fitting };
}

function withEllipsis(tokens: Token[]): Token[] | null {
  const kept = [...tokens];
  while (kept.length > 0) {
    const last = kept[kept.length - 1]!;
    const stem = last.text.replace(trailingPunctuation, '');
    if (stem) {
      kept[kept.length - 1] = { ...last, text: stem + ELLIPSIS };
      return kept;
    }
    kept.pop();
  }
  return null;
}

function sentenceCut(tokens: Token[]): Token[] | null {
  const total = lineText(tokens).length;
  for (let end = tokens.length; end > 0; end -= 1) {
    if (!sentenceEnd.test(tokens[end - 1]!.text)) continue;
    const kept = tokens.slice(0, end);
    // Only worth it when the box stays mostly full; otherwise cut at a word.
    return lineText(kept).length >= total * 0.75 ? kept : null;
  }
  return null;
}

/** Lays text out in a box, shortening it gracefully when it does not fit. */
export function fitText(text: string, options: FitOptions): Fitted {
  const tokens = tokenize(text);
  const lines = breakLines(tokens, options.width, options.measure);
  const all = place(lines, options);
  if (all.fitting === lines.length) return { lines: all.lines, truncated: false, height: all.height };
  if (all.fitting === 0) return { lines: [], truncated: true, height: 0 };

  let kept = lines.slice(0, all.fitting).flat();
  const sentence = options.preferSentence ? sentenceCut(kept) : null;
  if (sentence) {
    const result = place(breakLines(sentence, options.width, options.measure), options);
    return { lines: result.lines, truncated: true, height: result.height };
  }
  while (kept.length > 0) {
    const candidate = withEllipsis(kept);
    if (!candidate) break;
    const relaid = breakLines(candidate, options.width, options.measure);
    const result = place(relaid, options);
    if (result.fitting === relaid.length)
      return { lines: result.lines, truncated: true, height: result.height };
    kept = candidate.slice(0, -1);
  }
  return { lines: [], truncated: true, height: 0 };
}

/**
 * Tries each size (largest first) until the text fits without shortening; at the last size it is
 * shortened. Returns the chosen size with the lines.
 */
export function fitShrinking(
  text: string,
  sizes: number[],
  optionsFor: (size: number) => FitOptions,
): Fitted & { size: number } {
  let last: (Fitted & { size: number }) | null = null;
  for (const size of sizes) {
    last = { ...fitText(text, optionsFor(size)), size };
    if (!last.truncated) return last;
  }
  return last ?? { lines: [], truncated: text.trim() !== '', height: 0, size: 0 };
}

/** Sizes from `max` down to `min` in steps of `step`. */
export function sizeSteps(max: number, min: number, step = 0.5): number[] {
  const sizes: number[] = [];
  for (let size = max; size >= min - 1e-6; size -= step) sizes.push(Math.round(size * 100) / 100);
  return sizes;
}
