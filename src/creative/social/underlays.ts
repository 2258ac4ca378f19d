/**
 * What goes under the drawing's transparent boxes (the listing photo, cropped around what draws the
 * eye with sharp's attention strategy; the kept layers), and how it is merged with resvg's pixels in
 * JS before the single JPEG encode.
 */
import sharp from 'sharp';
import { AppError } from '../../lib/errors.js';
import type { Box } from './brand-bar.js';

/**
 * Opaque pixels that fill a box the drawing leaves transparent (the cropped photo, or the no-photo
 * design's backdrop), as RGB rows of exactly `box.width` × `box.height`.
 */
export interface Underlay {
  data: Buffer;
  box: Box;
}

export function unreadable(what: string, error: unknown): AppError {
  return new AppError('unsupported_media', `The ${what} could not be read as an image`, {
    reason: error instanceof Error ? error.message : String(error),
  });
}

/** The photo cropped to exactly the box it fills, around what draws the eye, as raw RGB. */
export async function cropPhoto(photo: Buffer, box: Box, background: string): Promise<Underlay> {
  try {
    const data = await sharp(photo, { failOn: 'none' })
      .rotate()
      .resize(box.width, box.height, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer();
    return { data, box };
  } catch (error) {
    throw unreadable('photo', error);
  }
}

/** A premultiplied pixel with 0 < alpha < 255 made opaque: over the photo pixel at `p`, else un-premultiplied. */
function settle(v: number, photo: Buffer | null, p: number): number {
  const alpha = v >>> 24;
  let r: number;
  let g: number;
  let b: number;
  if (photo) {
    const k = 255 - alpha;
    r = ((v & 255) + (photo[p]! * k + 127) / 255) | 0;
    g = (((v >>> 8) & 255) + (photo[p + 1]! * k + 127) / 255) | 0;
    b = (((v >>> 16) & 255) + (photo[p + 2]! * k + 127) / 255) | 0;
  } else {
    r = Math.min(255, Math.round(((v & 255) * 255) / alpha));
    g = Math.min(255, Math.round((((v >>> 8) & 255) * 255) / alpha));
    b = Math.min(255, Math.round((((v >>> 16) & 255) * 255) / alpha));
  }
  return 0xff000000 | r | (g << 8) | (b << 16);
}

/**
 * The drawing's premultiplied RGBA pixels as opaque RGB, with each underlay put under its box: a pixel
 * there is `drawn + underlay × (1 − alpha)`; anywhere else a partly transparent pixel is
 * un-premultiplied (what libvips did before dropping alpha). Underlays must not overlap.
 *
 * Works in place: the RGB result is the first three quarters of `pixels`' memory, which it returns (no
 * fresh 4 MB buffer to fault in). Each underlay row is copied in whole, then the drawing's visible
 * pixels are written over it; opaque pixels go four at a time as three 32-bit words. A few ms where a
 * per-pixel, per-byte loop took ≈ 20 ms; libvips' floating-point unpremultiply + composite was slower
 * still. Assumes a little-endian host.
 */
export function flattenPixels(
  input: Buffer,
  width: number,
  height: number,
  underlays: readonly Underlay[],
): Buffer {
  // Typed-array views need 4-byte alignment; resvg's buffers have it, anything else is copied once.
  const pixels = input.byteOffset % 4 === 0 ? input : Buffer.from(input);
  const count = width * height;
  // Int32, not Uint32: a uint32 above 2^31 is not a small integer to V8, and the loops slow down 3×.
  const px = new Int32Array(pixels.buffer, pixels.byteOffset, count);
  // Output row y (bytes 3·width·y on) only overlaps input rows before it once y ≥ 3; rows 0–2 read
  // from a copy. Within a row, then, nothing written is still to be read.
  const head = px.slice(0, Math.min(height, 3) * width);
  const out = pixels.subarray(0, count * 3);
  const out32 = width % 4 === 0 ? new Int32Array(pixels.buffer, pixels.byteOffset, (count * 3) / 4) : null;
  const put = (i: number, v: number) => {
    out[i * 3] = v & 255;
    out[i * 3 + 1] = (v >>> 8) & 255;
    out[i * 3 + 2] = (v >>> 16) & 255;
  };
  // Four opaque pixels from i (a multiple of 4) as three words.
  const put4 = (i: number, a: number, b: number, c: number, d: number) => {
    const o = (i * 3) / 4;
    out32![o] = (a & 0xffffff) | (b << 24);
    out32![o + 1] = ((b >>> 8) & 0xffff) | (c << 16);
    out32![o + 2] = ((c >>> 16) & 0xff) | (d << 8);
  };
  /** Off the underlays: opaque stays, clear is black, partly clear is un-premultiplied. */
  const plain = (v: number) => {
    const alpha = v >>> 24;
    return alpha === 255 ? v : alpha === 0 ? 0 : settle(v, null, 0);
  };
  const pack = (src: Int32Array, from: number, to: number) => {
    let i = from;
    if (out32) {
      for (; i < to && i % 4 !== 0; i++) put(i, plain(src[i]!));
      for (; i + 4 <= to; i += 4) {
        const a = src[i]!;
        const b = src[i + 1]!;
        const c = src[i + 2]!;
        const d = src[i + 3]!;
        if ((a & b & c & d) >>> 24 === 255) put4(i, a, b, c, d);
        else put4(i, plain(a), plain(b), plain(c), plain(d));
      }
    }
    for (; i < to; i++) put(i, plain(src[i]!));
  };
  /** Over an underlay row already copied in: write what the drawing shows there. */
  const over = (src: Int32Array, from: number, to: number, layer: Buffer, layerAt: number) => {
    const one = (i: number) => {
      const v = src[i]!;
      const alpha = v >>> 24;
      if (alpha === 255) put(i, v);
      else if (alpha !== 0) put(i, settle(v, layer, layerAt + (i - from) * 3));
    };
    let i = from;
    if (out32) {
      for (; i < to && i % 4 !== 0; i++) one(i);
      for (; i + 4 <= to; i += 4) {
        const a = src[i]!;
        const b = src[i + 1]!;
        const c = src[i + 2]!;
        const d = src[i + 3]!;
        if ((a | b | c | d) >>> 24 === 0) continue;
        if ((a & b & c & d) >>> 24 === 255) put4(i, a, b, c, d);
        else for (let k = i; k < i + 4; k++) one(k);
      }
    }
    for (; i < to; i++) one(i);
  };
  const sorted = [...underlays].sort((a, b) => a.box.left - b.box.left);
  // Every byte of a clear pixel is 0: a row of an underlay that shows through whole compares equal.
  const clear = Buffer.alloc(Math.max(0, ...underlays.map(({ box }) => box.width)) * 4);
  for (let y = 0; y < height; y++) {
    const src = y < 3 ? head : px;
    const row = y * width;
    let done = row;
    for (const { box, data } of sorted) {
      if (y < box.top || y >= box.top + box.height) continue;
      const start = row + box.left;
      const layerAt = (y - box.top) * box.width * 3;
      pack(src, done, start);
      // (Rows 0–2 read from `head`, so their input bytes may be gone: no shortcut there.)
      const whole = src === px && clear.equals(pixels.subarray(start * 4, (start + box.width) * 4));
      data.copy(out, start * 3, layerAt, layerAt + box.width * 3);
      if (!whole) over(src, start, start + box.width, data, layerAt);
      done = start + box.width;
    }
    pack(src, done, row + width);
  }
  return out;
}
