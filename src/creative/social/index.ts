/** Branded social images for listing events: the API the creative studio calls. */
export {
  imageFormats,
  platformByteLimits,
  type BrandLook,
  type ImageFormat,
  type RenderedImage,
} from './formats.js';
export { renderSocialImage } from './render.js';
export { renderCarousel, type CarouselInput } from './carousel.js';
export { fitText, type FitRequest, type FitResult } from './fit-text.js';
