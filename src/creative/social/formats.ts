/** The image sizes each platform takes, their byte limits, and the shapes the renderer takes and gives. */
import type { Platform } from '../../ai/content.js';

export const imageFormats = {
  instagram_portrait: { width: 1080, height: 1350, platform: 'instagram' },
  instagram_square: { width: 1080, height: 1080, platform: 'instagram' },
  instagram_story: { width: 1080, height: 1920, platform: 'instagram' },
  facebook: { width: 1200, height: 627, platform: 'facebook' },
  linkedin: { width: 1200, height: 627, platform: 'linkedin' },
  x: { width: 1600, height: 900, platform: 'x' },
} as const satisfies Record<string, { width: number; height: number; platform: Platform }>;
export type ImageFormat = keyof typeof imageFormats;
export const imageFormatNames = Object.keys(imageFormats) as ImageFormat[];

const MB = 1024 * 1024;
/** The largest image file each platform accepts (LinkedIn's own limit is higher; 5 MB keeps uploads quick). */
export const platformByteLimits: Record<Platform, number> = {
  instagram: 8 * MB,
  facebook: 4 * MB,
  linkedin: 5 * MB,
  x: 5 * MB,
};

export const carouselSize = { width: 1080, height: 1350 } as const;
/** Instagram's carousel takes up to 10 slides: the cover, 8 photos and the features card. */
export const carouselPhotoLimit = 8;

export interface BrandLook {
  agentName: string | null;
  brokerage: string | null;
  phone: string | null;
  /** CSS hex colours (#rgb or #rrggbb). */
  primaryColor: string;
  secondaryColor: string;
  accentColor: string;
  /** Any image sharp reads. */
  logo: Buffer | null;
  /** Price above the workspace threshold: the luxury look. */
  luxury: boolean;
}

export interface RenderedImage {
  data: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
  altText: string;
  format: ImageFormat | 'carousel';
  role: 'single' | 'cover' | 'photo' | 'features';
}
