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

/** The photo cropped to exactly the box it fills, around what draws the eye, as raw RGB. */
export async function cropPhoto(photo: Buffer, box: Box, background: string): Promise<CroppedPhoto> {
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
 * The drawing's premultiplied RGBA pixels as opaque RGB, with the photo put under its transparent box:
 * a pixel over the photo is `drawn + photo × (1 − alpha)`; anywhere else a partly transparent pixel is
 * un-premultiplied (what libvips did before dropping alpha). One pass in JS is cheaper than libvips'
 * floating-point unpremultiply + composite, and hands sharp 3 channels to encode instead of 4.
 */
export function flattenPixels(
  pixels: Buffer,
  width: number,
  height: number,
  photo: CroppedPhoto | null,
): Buffer {
  const count = width * height;
  const src = new Uint32Array(pixels.buffer, pixels.byteOffset, count);
  const out = Buffer.allocUnsafe(count * 3);
  const box = photo?.box;
  const ph = photo?.data;
  for (let y = 0; y < height; y++) {
    const inRows = box !== undefined && y >= box.top && y < box.top + box.height;
    const x0 = inRows ? box.left : width;
    const x1 = inRows ? box.left + box.width : width;
    let i = y * width;
    let o = i * 3;
    for (let x = 0; x < width; x++, i++, o += 3) {
      const v = src[i]!;
      const alpha = v >>> 24;
      if (alpha === 255) {
        out[o] = v & 255;
        out[o + 1] = (v >>> 8) & 255;
        out[o + 2] = (v >>> 16) & 255;
      } else if (x >= x0 && x < x1) {
        const p = ((y - box!.top) * box!.width + (x - x0)) * 3;
        const k = 255 - alpha;
        out[o] = ((v & 255) + (ph![p]! * k + 127) / 255) | 0;
        out[o + 1] = (((v >>> 8) & 255) + (ph![p + 1]! * k + 127) / 255) | 0;
        out[o + 2] = (((v >>> 16) & 255) + (ph![p + 2]! * k + 127) / 255) | 0;
      } else if (alpha === 0) {
        out[o] = out[o + 1] = out[o + 2] = 0;
      } else {
        out[o] = Math.min(255, Math.round(((v & 255) * 255) / alpha));
        out[o + 1] = Math.min(255, Math.round((((v >>> 8) & 255) * 255) / alpha));
        out[o + 2] = Math.min(255, Math.round((((v >>> 16) & 255) * 255) / alpha));
      }
    }
  }
  return out;
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
  const rgb = flattenPixels(pixels, width, height, await input.photo);
  const encode = (quality: number, optimiseCoding: boolean) =>
    sharp(rgb, { raw: { width, height, channels: 3 } })
      .jpeg({ quality, optimiseCoding })
      .toBuffer();
  // Huffman-table optimisation is lossless but more than doubles the encode time for ~6% fewer bytes:
  // only worth it when the plain encode is over the platform limit.
  const plain = await encode(JPEG_QUALITY, false);
  if (plain.length <= input.maxBytes) return plain;
  let quality = JPEG_QUALITY;
  for (;;) {
    const jpeg = await encode(quality, true);
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
