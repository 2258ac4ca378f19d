import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../lib/errors.js';

/** The image kinds we accept, judged by content (sharp reads the magic bytes), never by name or header. */
const accepted = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
} as const;
type AcceptedFormat = keyof typeof accepted;

/** Derived sizes, JPEG, by width; never wider than the original. */
export const derivedSizes = [
  { name: 'thumb', width: 320 },
  { name: 'large', width: 1440 },
] as const;

export interface EncodedFile {
  data: Buffer;
  contentType: string;
  extension: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  original: EncodedFile;
  variants: (EncodedFile & { name: string })[];
}

const notAnImage = () =>
  new AppError('unsupported_media', 'The file is not a JPEG, PNG or WebP image (judged by its content)');

const isAccepted = (format: string | undefined): format is AcceptedFormat =>
  format !== undefined && Object.hasOwn(accepted, format);

/**
 * Checks an image by its content and re-encodes it: orientation applied, colours converted to sRGB and
 * every other piece of metadata (EXIF with GPS location, XMP, IPTC, comments) dropped. The stored
 * "original" is this clean re-encode, in the same format; the raw upload is never kept.
 */
export async function processImage(data: Buffer, options: { maxPixels: number }): Promise<ProcessedImage> {
  let metadata: Metadata;
  try {
    metadata = await sharp(data).metadata();
  } catch {
    throw notAnImage();
  }
  const format = metadata.format;
  if (!isAccepted(format)) throw notAnImage();
  const { width, height } = metadata;
  if (!width || !height) throw notAnImage();
  if (width * height > options.maxPixels) {
    throw new AppError(
      'unsupported_media',
      `The image has ${width} × ${height} pixels; at most ${options.maxPixels.toLocaleString('en-US')} are accepted`,
    );
  }

  // limitInputPixels guards the decoder itself too, in case the header understates the real size.
  const decode = () => sharp(data, { limitInputPixels: options.maxPixels, failOn: 'error' }).autoOrient();
  try {
    const original = await encode(decode(), format);
    const variants = await Promise.all(
      derivedSizes.map(async (size) => ({
        name: size.name,
        ...(await encode(
          decode().resize({ width: size.width, withoutEnlargement: true }).flatten({ background: '#ffffff' }),
          'jpeg',
          82,
        )),
      })),
    );
    return { original, variants };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A header that parses but pixel data that does not (truncated, corrupt, a bomb past the limit).
    throw new AppError('unsupported_media', 'The image could not be decoded; it may be damaged or too large');
  }
}

async function encode(pipeline: Sharp, format: AcceptedFormat, quality = 90): Promise<EncodedFile> {
  const output =
    format === 'jpeg'
      ? pipeline.jpeg({ quality, progressive: true })
      : format === 'png'
        ? pipeline.png()
        : pipeline.webp({ quality });
  const { data, info } = await output.toColourspace('srgb').toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, ...accepted[format] };
}
