/**
 * Fitting a text into a box: shrink the font size step by step, wrap at word boundaries (CJK at any
 * character) to at most `maxLines`, and only then shorten at a word boundary with "…". Pure: the caller
 * passes the measurer, so the result — chosen size and lines — is what the layout draws and what tests
 * check. Never clips, never breaks inside a word.
 */

export interface FitRequest {
  text: string;
  maxWidth: number;
  maxLines: number;
  maxSize: number;
  minSize: number;
  /** Size decrement per attempt, in pixels (default 2). */
  step?: number;
  /** False for text that must stay whole (a price): keep shrinking below minSize instead of shortening. */
  shorten?: boolean;
  /** Width in pixels of `text` on one line at `size`. */
  measure: (text: string, size: number) => number;
}

export interface FitResult {
  fontSize: number;
  lines: string[];
  /** Every line measures at most maxWidth and there are at most maxLines lines. */
  fits: boolean;
  /** The text was cut short at a word boundary and ends in "…". */
  shortened: boolean;
}

interface Token {
  text: string;
  /** Whether a space separates this token from the one before it. */
  spaced: boolean;
}

const ELLIPSIS = '…';
/** Scripts written without spaces, where a line may break between any two characters. */
const unspaced = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const word of text.trim().split(/\s+/)) {
    if (!word) continue;
    let current = '';
    let first = true;
    const push = (value: string) => {
      tokens.push({ text: value, spaced: first && tokens.length > 0 });
      first = false;
    };
    for (const char of word) {
      if (unspaced.test(char)) {
        if (current) push(current);
        current = '';
        push(char);
      } else current += char;
    }
    if (current) push(current);
  }
  return tokens;
}

const join = (tokens: Token[]) => tokens.map((t, i) => (i > 0 && t.spaced ? ` ${t.text}` : t.text)).join('');

/** Greedy wrap; null when a single token is wider than the line. */
function wrap(tokens: Token[], size: number, request: FitRequest): string[] | null {
  const lines: string[] = [];
  let line: Token[] = [];
  for (const token of tokens) {
    const candidate = [...line, token];
    if (request.measure(join(candidate), size) <= request.maxWidth) {
      line = candidate;
      continue;
    }
    if (line.length === 0) return null;
    lines.push(join(line));
    line = [{ ...token, spaced: false }];
    if (request.measure(token.text, size) > request.maxWidth) return null;
  }
  if (line.length) lines.push(join(line));
  return lines;
}

/** The longest word-boundary prefix of `tokens`, ending in "…", that wraps into maxLines at `size`. */
function shortened(tokens: Token[], size: number, request: FitRequest): string[] | null {
  for (let keep = tokens.length - 1; keep >= 1; keep--) {
    const kept = tokens.slice(0, keep);
    const last = kept[keep - 1]!;
    const trimmed = last.text.replace(/[\s,;:·–—-]+$/u, '');
    if (!trimmed) continue;
    kept[keep - 1] = { ...last, text: trimmed + ELLIPSIS };
    const lines = wrap(kept, size, request);
    if (lines && lines.length <= request.maxLines) return lines;
  }
  return null;
}

export function fitText(request: FitRequest): FitResult {
  const step = request.step ?? 2;
  const tokens = tokenize(request.text);
  if (tokens.length === 0) return { fontSize: request.maxSize, lines: [], fits: true, shortened: false };
  for (let size = request.maxSize; size >= request.minSize; size -= step) {
    const lines = wrap(tokens, size, request);
    if (lines && lines.length <= request.maxLines)
      return { fontSize: size, lines, fits: true, shortened: false };
  }
  // Too long at the smallest comfortable size: shorten it there; only a word wider than the whole
  // line (or a price, which is never shortened) makes the size go lower still.
  for (let size = request.minSize; size >= 1; size -= step) {
    const whole = wrap(tokens, size, request);
    if (whole && whole.length <= request.maxLines)
      return { fontSize: size, lines: whole, fits: true, shortened: false };
    if (request.shorten !== false) {
      const lines = shortened(tokens, size, request);
      if (lines) return { fontSize: size, lines, fits: true, shortened: true };
    }
  }
  return { fontSize: 1, lines: [request.text], fits: false, shortened: false };
}
