/**
 * From a layout to a JPEG: satori lays the tree out as SVG (text as paths), resvg draws it at its final
 * size, and the drawing is merged in JS with what goes under its transparent boxes (the
 * attention-cropped photo, and the kept layers: brand bar and no-photo backdrop, drawn once per brand
 * and size), then sharp encodes once. Compositing raw pixels is cheaper than embedding a photo in the
 * SVG (resvg would decode and resample it again) or than libvips' floating-point composite.
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import sharp from 'sharp';
import { singleImageAltText } from './alt-text.js';
import type { PreparedLogo } from './brand-bar.js';
import { fontSetFor, type FontSet } from './fonts.js';
import {
  imageFormats,
  platformByteLimits,
  type BrandLook,
  type ImageFormat,
  type RenderedImage,
} from './formats.js';
import type { EventDetails, ListingFacts } from '../../ai/content.js';
import { cropPhoto, flattenPixels, unreadable, type Underlay } from './underlays.js';
import { geometryFor, planSingleImage, singleImageTexts, type Layer } from './templates.js';
import { themeFor, type VNode } from './theme.js';

const JPEG_QUALITY = 88;

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

/** The tree's premultiplied RGBA pixels: satori lays it out as SVG, resvg draws it. */
async function drawPixels(node: VNode, fonts: FontSet, width: number, height: number): Promise<Buffer> {
  // satori types its input as a React node; our trees are the plain {type, props} objects it reads.
  const svg = await satori(node as unknown as Parameters<typeof satori>[0], {
    width,
    height,
    fonts: fonts.fonts,
  });
  return new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false },
  }).render().pixels;
}

// Layers depend only on the brand, the look and the size: a workspace's images reuse a handful. Kept
// by their tree and fonts, bounded by bytes (a story's no-photo backdrop is 1080 × 960 × 3 = 3 MB):
// both looks of one brand in every format fit.
const layerCache = new Map<string, Buffer>();
const LAYER_CACHE_BYTES = 32 * 1024 * 1024;
let layerCacheBytes = 0;

/** The layer's pixels as RGB, drawn once per tree, fonts and size and then kept. */
export async function drawLayer(layer: Layer, fonts: FontSet): Promise<Underlay> {
  const { box } = layer;
  const faces = fonts.fonts.map((font) => `${font.name}/${font.weight}`).join(',');
  const key = `${box.width}x${box.height}:${faces}:${JSON.stringify(layer.node)}`;
  const cached = layerCache.get(key);
  if (cached) {
    layerCache.delete(key); // most recently used last
    layerCache.set(key, cached);
    return { data: cached, box };
  }
  const pixels = await drawPixels(layer.node, fonts, box.width, box.height);
  // A copy: the flattened view would keep the whole RGBA buffer alive.
  const data = Buffer.from(flattenPixels(pixels, box.width, box.height, []));
  const raced = layerCache.get(key); // drawn meanwhile by a concurrent render
  if (raced) layerCacheBytes -= raced.length;
  layerCache.delete(key);
  layerCache.set(key, data);
  layerCacheBytes += data.length;
  for (const [oldest, old] of layerCache) {
    if (layerCacheBytes <= LAYER_CACHE_BYTES || oldest === key) break;
    layerCache.delete(oldest);
    layerCacheBytes -= old.length;
  }
  return { data, box };
}

/**
 * SVG → pixels → underlays (photo, kept layers) merged in → one JPEG encode (re-encoded smaller only if
 * over `maxBytes`). The photo may still be cropping on libuv's pool while satori and resvg work on
 * this thread.
 */
export async function drawJpeg(input: {
  node: VNode;
  fonts: FontSet;
  width: number;
  height: number;
  photo: Promise<Underlay> | Underlay | null;
  layers: readonly Layer[];
  maxBytes: number;
}): Promise<Buffer> {
  const { width, height, fonts } = input;
  const layers = await Promise.all(input.layers.map((layer) => drawLayer(layer, fonts)));
  const pixels = await drawPixels(input.node, fonts, width, height);
  const photo = await input.photo;
  const rgb = flattenPixels(pixels, width, height, photo ? [photo, ...layers] : layers);
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
  const geometry = geometryFor(width, height, theme);
  // Crop on the pool while this thread lays out and draws (the longest step: start it first); merged
  // once both are done.
  const cropping = photo ? cropPhoto(photo, geometry.hero, theme.panel) : null;
  cropping?.catch(() => undefined); // awaited below; keeps a logo failure from leaving it unhandled
  const fonts = fontSetFor(singleImageTexts(details, listing, brand), brand.luxury);
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
  const data = await drawJpeg({
    node: plan.node,
    fonts,
    width,
    height,
    photo: cropping,
    layers: plan.layers,
    maxBytes,
  });
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
