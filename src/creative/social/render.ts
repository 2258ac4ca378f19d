/**
 * From a layout to a JPEG: satori lays the tree out as SVG (text as paths), resvg draws it at its final
 * size, and sharp puts the attention-cropped photo under the transparent photo box and encodes once.
 * Compositing raw pixels with sharp is cheaper than embedding a photo in the SVG: resvg would decode
 * and resample it again.
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import sharp from 'sharp';
import { AppError } from '../../lib/errors.js';
import { singleImageAltText } from './alt-text.js';
import type { Box, PreparedLogo } from './brand-bar.js';
import { fontSetFor, type FontSet } from './fonts.js';
import {
  imageFormats,
  platformByteLimits,
  type BrandLook,
  type ImageFormat,
  type RenderedImage,
} from './formats.js';
import type { EventDetails, ListingFacts } from '../../ai/content.js';
import { geometryFor, planSingleImage, singleImageTexts } from './templates.js';
import { themeFor, type VNode } from './theme.js';

export interface CroppedPhoto {
  data: Buffer;
  box: Box;
}

const JPEG_QUALITY = 88;

function unreadable(what: string, error: unknown): AppError {
  return new AppError('unsupported_media', `The ${what} could not be read as an image`, {
    reason: error instanceof Error ? error.message : String(error),
  });
}

/** The photo cropped to exactly the box it fills, around what draws the eye, as raw opaque RGBA. */
export async function cropPhoto(photo: Buffer, box: Box, background: string): Promise<CroppedPhoto> {
  try {
    const data = await sharp(photo, { failOn: 'none' })
      .rotate()
      .resize(box.width, box.height, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background })
      .toColourspace('srgb')
      .ensureAlpha(1)
      .raw()
      .toBuffer();
    return { data, box };
  } catch (error) {
    throw unreadable('photo', error);
  }
}

// Logos repeat across every image of a workspace: keep the resized PNG by content hash and box.
const logoCache = new Map<string, PreparedLogo>();
const LOGO_CACHE_SIZE = 32;

export async function prepareLogo(
  logo: Buffer | null,
  box: { maxWidth: number; maxHeight: number },
): Promise<PreparedLogo | null> {
  if (!logo) return null;
  const key = `${createHash('sha1').update(logo).digest('hex')}:${box.maxWidth}x${box.maxHeight}`;
  const cached = logoCache.get(key);
  if (cached) return cached;
  try {
    const { data, info } = await sharp(logo, { failOn: 'none' })
      .rotate()
      .trim({ threshold: 4 })
      .resize(box.maxWidth, box.maxHeight, { fit: 'inside' })
      .png({ compressionLevel: 3 })
      .toBuffer({ resolveWithObject: true });
    const prepared = {
      src: `data:image/png;base64,${data.toString('base64')}`,
      width: info.width,
      height: info.height,
    };
    if (logoCache.size >= LOGO_CACHE_SIZE) logoCache.delete(logoCache.keys().next().value!);
    logoCache.set(key, prepared);
    return prepared;
  } catch (error) {
    throw unreadable('logo', error);
  }
}

/**
 * Puts the photo under the drawing's transparent photo box, in place. resvg's pixels are premultiplied
 * RGBA, so a pixel over the photo is `drawn + photo × (1 − alpha)`. A plain loop over 32-bit pixels is
 * several times faster here than libvips' general-purpose (floating-point) composite.
 */
export function mergePhoto(pixels: Buffer, canvasWidth: number, photo: CroppedPhoto): void {
  const { box, data } = photo;
  const dst = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >>> 2);
  const src = new Uint32Array(data.buffer, data.byteOffset, data.length >>> 2);
  for (let y = 0; y < box.height; y++) {
    let d = (box.top + y) * canvasWidth + box.left;
    let s = y * box.width;
    for (let x = 0; x < box.width; x++, d++, s++) {
      const v = dst[d]!;
      const alpha = v >>> 24;
      if (alpha === 255) continue;
      const p = src[s]!;
      if (alpha === 0) {
        dst[d] = p;
        continue;
      }
      const k = 255 - alpha;
      const r = ((v & 255) + ((p & 255) * k + 127) / 255) | 0;
      const g = (((v >>> 8) & 255) + (((p >>> 8) & 255) * k + 127) / 255) | 0;
      const b = (((v >>> 16) & 255) + (((p >>> 16) & 255) * k + 127) / 255) | 0;
      dst[d] = (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
    }
  }
}

/**
 * SVG → pixels → photo merged in → one JPEG encode (re-encoded smaller only if over `maxBytes`). The
 * photo may still be cropping on libuv's pool while satori and resvg work on this thread.
 */
export async function drawJpeg(input: {
  node: VNode;
  fonts: FontSet;
  width: number;
  height: number;
  photo: Promise<CroppedPhoto | null> | CroppedPhoto | null;
  maxBytes: number;
}): Promise<Buffer> {
  const { width, height } = input;
  const svg = await satori(input.node, {
    width,
    height,
    fonts: input.fonts.fonts,
  });
  const pixels = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false },
  }).render().pixels;
  const photo = await input.photo;
  if (photo) mergePhoto(pixels, width, photo);
  let quality = JPEG_QUALITY;
  for (;;) {
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 4, premultiplied: true } })
      .removeAlpha()
      .jpeg({ quality })
      .toBuffer();
    if (jpeg.length <= input.maxBytes || quality <= 40) return jpeg;
    quality -= 12;
  }
}

export async function renderSocialImage(input: {
  format: ImageFormat;
  details: EventDetails;
  listing: ListingFacts;
  brand: BrandLook;
  photo: Buffer | null;
}): Promise<RenderedImage> {
  const { format, details, listing, brand, photo } = input;
  const { width, height, platform } = imageFormats[format];
  const theme = themeFor(brand);
  const fonts = fontSetFor(singleImageTexts(details, listing, brand), brand.luxury);
  const geometry = geometryFor(width, height, theme);
  // Crop on the pool while this thread lays out and draws; merged once both are done.
  const cropping = photo ? cropPhoto(photo, geometry.hero, theme.panel) : null;
  cropping?.catch(() => undefined); // awaited below; keeps a logo failure from leaving it unhandled
  const logo = await prepareLogo(brand.logo, geometry.logo);
  const plan = planSingleImage({
    details,
    listing,
    brand,
    theme,
    fonts,
    geometry,
    logo,
    hasPhoto: photo !== null,
  });
  const maxBytes = platformByteLimits[platform];
  const data = await drawJpeg({ node: plan.node, fonts, width, height, photo: cropping, maxBytes });
  return {
    data,
    contentType: 'image/jpeg',
    width,
    height,
    bytes: data.length,
    altText: singleImageAltText({ details, listing, brand, hasPhoto: photo !== null }),
    format,
    role: 'single',
  };
}
