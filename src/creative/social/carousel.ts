/**
 * The Instagram carousel, 1080×1350 slides: the cover (the single-image template on the first photo),
 * one slide per photo (up to 8) with its caption, and a features card. Slides render one after another:
 * on two cores, parallel rendering only makes each slide wait longer.
 */
import type { EventDetails, ListingFacts } from '../../ai/content.js';
import { featuresAltText, photoSlideAltText, singleImageAltText } from './alt-text.js';
import { brandBar, type PreparedLogo } from './brand-bar.js';
import { fontSetFor, type FontSet } from './fonts.js';
import {
  carouselPhotoLimit,
  carouselSize,
  platformByteLimits,
  type BrandLook,
  type RenderedImage,
} from './formats.js';
import { factPhrases, formatPrice, localityLine, streetLine } from './listing-text.js';
import { cropPhoto } from './underlays.js';
import { drawJpeg, prepareLogo } from './render.js';
import { geometryFor, planSingleImage, singleImageTexts, type Geometry } from './templates.js';
import { fitColumn, rowNode, type TextRow } from './text-rows.js';
import { h, themeFor, type Theme, type VNode } from './theme.js';

export interface CarouselInput {
  details: EventDetails;
  listing: ListingFacts;
  brand: BrandLook;
  photos: { data: Buffer; caption: string | null }[];
}

const { width, height } = carouselSize;
const maxBytes = platformByteLimits.instagram;

interface SlideContext {
  listing: ListingFacts;
  brand: BrandLook;
  theme: Theme;
  fonts: FontSet;
  geometry: Geometry;
  logo: PreparedLogo | null;
}

function photoSlide(ctx: SlideContext, caption: string | null, index: number, total: number) {
  const { theme, fonts, geometry, listing } = ctx;
  const band = Math.round(230 * geometry.scale * (theme.luxury ? 1.1 : 1));
  const pad = geometry.pad;
  const counter = `${index} / ${total}`;
  const counterSize = Math.round(24 * geometry.scale);
  const counterWidth = Math.ceil(
    fonts.measure(counter, { family: 'sans', weight: 600, size: counterSize, letterSpacing: 2 }),
  );
  const rows: TextRow[] = [
    {
      key: 'caption',
      text: caption?.trim() || streetLine(listing),
      family: theme.display.family,
      weight: theme.luxury ? 400 : 600,
      maxSize: 44 * geometry.scale,
      minSize: 26 * geometry.scale,
      maxLines: 2,
      shorten: true,
      color: theme.panelText,
      lineHeight: 1.18,
    },
    {
      key: 'place',
      text: ctx.brand.brokerage ? `${streetLine(listing)} · ${ctx.brand.brokerage}` : streetLine(listing),
      family: 'sans',
      weight: 400,
      maxSize: 24 * geometry.scale,
      minSize: 16 * geometry.scale,
      maxLines: 1,
      shorten: true,
      color: theme.panelMuted,
      gapBefore: 10 * geometry.scale,
    },
  ];
  const textWidth = width - pad * 3 - counterWidth;
  const column = fitColumn(rows, textWidth, band - pad, fonts);
  const node = h(
    { position: 'relative', width, height },
    h(
      {
        position: 'absolute',
        left: 0,
        top: height - band,
        width,
        height: band,
        backgroundColor: theme.panel,
        paddingLeft: pad,
        paddingRight: pad,
        alignItems: 'center',
        borderTop: theme.luxury
          ? `3px solid ${theme.accent}`
          : `${Math.round(10 * geometry.scale)}px solid ${theme.badge}`,
      },
      h({ flexDirection: 'column', width: textWidth }, ...column.rows.map((row) => rowNode(row, fonts))),
      h(
        {
          marginLeft: 'auto',
          fontFamily: fonts.familyName('sans'),
          fontWeight: 600,
          fontSize: counterSize,
          letterSpacing: 2,
          color: theme.accent,
          whiteSpace: 'nowrap',
        },
        counter,
      ),
    ),
  );
  return { node, photoBox: { left: 0, top: 0, width, height: height - band }, fits: column.fits };
}

function featuresSlide(ctx: SlideContext): { node: VNode; features: string[]; fits: boolean } {
  const { theme, fonts, geometry, listing } = ctx;
  const pad = Math.round(geometry.pad * 1.2);
  const s = geometry.scale;
  const features = [...factPhrases(listing), ...listing.features.map((f) => f.trim()).filter(Boolean)].slice(
    0,
    9,
  );
  const rows: TextRow[] = [
    {
      key: 'heading',
      text: theme.luxury ? 'THE RESIDENCE' : 'Home features',
      family: 'sans',
      weight: 600,
      maxSize: 26 * s,
      minSize: 18 * s,
      maxLines: 1,
      shorten: true,
      color: theme.accent,
      tracking: 0.18,
    },
    {
      key: 'street',
      text: streetLine(listing),
      family: theme.display.family,
      weight: theme.display.weight,
      maxSize: 64 * s,
      minSize: 34 * s,
      maxLines: 2,
      shorten: true,
      color: theme.panelText,
      lineHeight: 1.1,
      gapBefore: 18 * s,
    },
    {
      key: 'locality',
      text: `${localityLine(listing)} · ${formatPrice(listing.price)}`,
      family: 'sans',
      weight: 400,
      maxSize: 30 * s,
      minSize: 20 * s,
      maxLines: 1,
      shorten: true,
      color: theme.panelMuted,
      gapBefore: 10 * s,
    },
    ...features.map((feature, i): TextRow => ({
      key: `feature${i}`,
      text: `${theme.luxury ? '—' : '•'}  ${feature}`,
      family: 'sans',
      weight: 400,
      maxSize: 34 * s,
      minSize: 22 * s,
      maxLines: 1,
      shorten: true,
      color: theme.panelText,
      gapBefore: i === 0 ? 44 * s : 16 * s,
    })),
  ];
  const bodyHeight = geometry.bar.top - pad * 2;
  const column = fitColumn(rows, width - pad * 2, bodyHeight, fonts);
  const bar = brandBar({
    ...ctx,
    box: geometry.bar,
    contentHeight: geometry.barContentHeight,
    pad: geometry.pad,
  });
  const node = h(
    { position: 'relative', width, height, backgroundColor: theme.panel },
    h(
      {
        position: 'absolute',
        left: 0,
        top: 0,
        width,
        height: geometry.bar.top,
        padding: pad,
        flexDirection: 'column',
        justifyContent: 'center',
      },
      ...column.rows.map((row) => rowNode(row, fonts)),
    ),
    bar.node,
  );
  return { node, features: listing.features, fits: column.fits && bar.rows.every((row) => row.fit.fits) };
}

export async function renderCarousel(input: CarouselInput): Promise<RenderedImage[]> {
  const { details, listing, brand } = input;
  const photos = input.photos.slice(0, carouselPhotoLimit);
  const theme = themeFor(brand);
  const texts = [
    singleImageTexts(details, listing, brand),
    ...photos.map((p) => p.caption ?? ''),
    ...factPhrases(listing),
    ...listing.features,
    'Home features THE RESIDENCE • — 0123456789 /',
  ].join(' ');
  const fonts = fontSetFor(texts, brand.luxury);
  const geometry = geometryFor(width, height, theme);
  const logo = await prepareLogo(brand.logo, geometry.logo);
  const ctx: SlideContext = { listing, brand, theme, fonts, geometry, logo };
  const slide = (data: Buffer, altText: string, role: RenderedImage['role']): RenderedImage => ({
    data,
    contentType: 'image/jpeg',
    width,
    height,
    bytes: data.length,
    altText,
    format: 'carousel',
    role,
  });

  const slides: RenderedImage[] = [];
  const first = photos[0];
  const cover = first ? await cropPhoto(first.data, geometry.hero, theme.panel) : null;
  const plan = planSingleImage({
    details,
    listing,
    brand,
    theme,
    fonts,
    geometry,
    logo,
    hasPhoto: cover !== null,
  });
  slides.push(
    slide(
      await drawJpeg({
        node: plan.node,
        fonts,
        width,
        height,
        photo: cover,
        layers: plan.layers,
        maxBytes,
      }),
      singleImageAltText({ details, listing, brand, hasPhoto: cover !== null }),
      'cover',
    ),
  );
  const total = photos.length + 2;
  for (const [i, photo] of photos.entries()) {
    const layout = photoSlide(ctx, photo.caption, i + 2, total);
    const cropped = await cropPhoto(photo.data, layout.photoBox, theme.panel);
    const data = await drawJpeg({
      node: layout.node,
      fonts,
      width,
      height,
      photo: cropped,
      layers: [],
      maxBytes,
    });
    slides.push(
      slide(
        data,
        photoSlideAltText({ listing, caption: photo.caption, index: i + 1, total: photos.length }),
        'photo',
      ),
    );
  }
  const card = featuresSlide(ctx);
  const data = await drawJpeg({ node: card.node, fonts, width, height, photo: null, layers: [], maxBytes });
  slides.push(slide(data, featuresAltText({ listing, brand, features: card.features }), 'features'));
  return slides;
}
