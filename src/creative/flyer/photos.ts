/**
 * Photos and the logo, resized with sharp to the size they are drawn at (two pixels per point, enough
 * for print) so a flyer with twenty 12-megapixel photos stays a few hundred KB.
 */
import sharp from 'sharp';
import type { Box } from './typeset.js';

const PIXELS_PER_POINT = 2;

function pixels(points: number): number {
  return Math.max(1, Math.round(points * PIXELS_PER_POINT));
}

/** Whether sharp can read the image's header (cheap: nothing is decoded). */
export async function isReadableImage(input: Buffer): Promise<boolean> {
  try {
    const { width, height } = await sharp(input).metadata();
    return width > 0 && height > 0;
  } catch {
    return false;
  }
}

/** The photo cropped to fill `box` as a JPEG (quality 80), or null when it cannot be decoded. */
export async function photoForBox(input: Buffer, box: Pick<Box, 'width' | 'height'>): Promise<Buffer | null> {
  try {
    return await sharp(input, { failOn: 'none' })
      .rotate()
      .resize(pixels(box.width), pixels(box.height), { fit: 'cover' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch {
    return null;
  }
}

/** The logo scaled to fit inside `box`, as a PNG (keeps transparency), with its drawn size in points. */
export async function logoForBox(
  input: Buffer,
  box: Pick<Box, 'width' | 'height'>,
): Promise<{ image: Buffer; width: number; height: number } | null> {
  try {
    const { data, info } = await sharp(input, { failOn: 'none' })
      .resize(pixels(box.width), pixels(box.height), { fit: 'inside', withoutEnlargement: false })
      .png({ compressionLevel: 6 })
      .toBuffer({ resolveWithObject: true });
    return { image: data, width: info.width / PIXELS_PER_POINT, height: info.height / PIXELS_PER_POINT };
  } catch {
    return null;
  }
}
