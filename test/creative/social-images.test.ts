import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentEvents, type EventDetails, type ListingFacts } from '../../src/ai/content.js';
import {
  fitText,
  imageFormats,
  platformByteLimits,
  renderCarousel,
  renderSocialImage,
  type BrandLook,
  type ImageFormat,
  type RenderedImage,
} from '../../src/creative/social/index.js';
import { fontSetFor } from '../../src/creative/social/fonts.js';
import { imageFormatNames } from '../../src/creative/social/formats.js';
import { eventLabels } from '../../src/creative/social/listing-text.js';
import { flattenPixels, type Underlay } from '../../src/creative/social/underlays.js';
import { geometryFor, planSingleImage, singleImageTexts } from '../../src/creative/social/templates.js';
import { themeFor } from '../../src/creative/social/theme.js';
import { brand, detailsFor, listings, logo, photo } from './social-fixtures.js';

let logoData: Buffer;
let photos: { landscape: Buffer; portrait: Buffer; squarePng: Buffer; small: Buffer };

beforeAll(async () => {
  logoData = await logo();
  photos = {
    landscape: await photo(2000, 1300, 0.8),
    portrait: await photo(900, 1400, 0.25),
    squarePng: await photo(1200, 1200, 0.7, 'png'),
    small: await photo(480, 320, 0.8),
  };
});

async function expectValidImage(
  image: RenderedImage,
  format: ImageFormat,
  listing: ListingFacts,
  details: EventDetails,
) {
  const spec = imageFormats[format];
  const meta = await sharp(image.data).metadata();
  expect({ width: meta.width, height: meta.height, format: meta.format, space: meta.space }).toEqual({
    width: spec.width,
    height: spec.height,
    format: 'jpeg',
    space: 'srgb',
  });
  expect(image).toMatchObject({
    contentType: 'image/jpeg',
    width: spec.width,
    height: spec.height,
    format,
    role: 'single',
  });
  expect(image.bytes).toBe(image.data.length);
  expect(image.bytes).toBeLessThanOrEqual(platformByteLimits[spec.platform]);
  if (format === 'instagram_portrait' || format === 'instagram_square') {
    const aspect = spec.width / spec.height;
    expect(aspect).toBeGreaterThanOrEqual(4 / 5);
    expect(aspect).toBeLessThanOrEqual(1.91);
  }
  expect(image.altText.length).toBeGreaterThan(40);
  expect(image.altText).toContain(listing.address.street);
  expect(image.altText.toLowerCase()).toContain(eventLabels[details.event].toLowerCase());
}

/** Every word of every line (minus a final "…") is a whole word of the original text. */
function expectWholeWords(lines: string[], original: string) {
  const words = new Set(original.split(/\s+/));
  for (const line of lines) {
    for (const word of line.replace(/…$/, '').split(/\s+/)) {
      const whole = words.has(word) || [...words].some((w) => w.replace(/[,;:]$/, '') === word);
      expect(whole, `"${word}" from "${line}" is a whole word of "${original}"`).toBe(true);
    }
  }
}

describe('social images: every event in every format', () => {
  const matrix: { name: string; listing: ListingFacts; photo: () => Buffer | null; luxury: boolean }[] = [
    {
      name: 'a very long address and one photo',
      listing: listings.longAddress,
      photo: () => photos.landscape,
      luxury: false,
    },
    {
      name: 'a non-Latin street name and no photo',
      listing: listings.nonLatin,
      photo: () => null,
      luxury: true,
    },
  ];
  for (const { name, listing, photo: photoOf, luxury } of matrix) {
    for (const event of contentEvents) {
      it(`when ${name} is rendered for ${event} in every format, then each image has the exact size, is sRGB JPEG under the platform limit and has alt text`, async () => {
        const details = detailsFor(event, listing.price);
        for (const format of imageFormatNames) {
          const image = await renderSocialImage({
            format,
            details,
            listing,
            brand: brand(logoData, luxury),
            photo: photoOf(),
          });
          await expectValidImage(image, format, listing, details);
        }
      });
    }
  }

  const sweep: { name: string; listing: ListingFacts; photo: () => Buffer | null }[] = [
    { name: 'no photo', listing: listings.plain, photo: () => null },
    { name: 'one tall photo', listing: listings.plain, photo: () => photos.portrait },
    { name: 'a small PNG photo', listing: listings.plain, photo: () => photos.small },
    { name: 'a $25,000,000 price', listing: listings.expensive, photo: () => photos.squarePng },
    { name: 'European street names', listing: listings.european, photo: () => photos.landscape },
  ];
  for (const { name, listing, photo: photoOf } of sweep) {
    it(`when a listing with ${name} is rendered in every format, then each image is valid`, async () => {
      for (const [i, format] of imageFormatNames.entries()) {
        const details = detailsFor(contentEvents[i % contentEvents.length]!, listing.price);
        const image = await renderSocialImage({
          format,
          details,
          listing,
          brand: brand(logoData, i % 2 === 1),
          photo: photoOf(),
        });
        await expectValidImage(image, format, listing, details);
      }
    });
  }
});

describe('social images: text fitting', () => {
  function plan(
    listing: ListingFacts,
    format: ImageFormat,
    details: EventDetails,
    look: BrandLook,
    hasPhoto = true,
  ) {
    const theme = themeFor(look);
    const fonts = fontSetFor(singleImageTexts(details, listing, look), look.luxury);
    const { width, height } = imageFormats[format];
    return planSingleImage({
      details,
      listing,
      brand: look,
      theme,
      fonts,
      geometry: geometryFor(width, height, theme),
      logo: null,
      hasPhoto,
    });
  }

  it('when an address is very long, then in every format it fits in at most two lines, shortened only at a word boundary', () => {
    for (const format of imageFormatNames) {
      for (const luxury of [false, true]) {
        const result = plan(listings.longAddress, format, detailsFor('open_house', 1), brand(null, luxury));
        expect(result.fit.fits, `${format} luxury=${luxury}`).toBe(true);
        const street = result.fit.rows.find((row) => row.key === 'street')!;
        expect(street.lines.length).toBeGreaterThanOrEqual(1);
        expect(street.lines.length).toBeLessThanOrEqual(2);
        expect(street.fontSize).toBeGreaterThanOrEqual(20);
        if (street.shortened) expect(street.lines.at(-1)).toMatch(/…$/);
        expectWholeWords(
          street.lines,
          '12345 North Old Mill Creek Ridge Road Extension at Hawthorne Valley Crossing Estates, Unit Building C Suite 2100',
        );
      }
    }
  });

  it('when the price is $25,000,000, then it is shown whole on one line in every format, never shortened', () => {
    for (const format of imageFormatNames) {
      const result = plan(
        listings.expensive,
        format,
        detailsFor('price_reduced', listings.expensive.price),
        brand(null),
      );
      const price = result.fit.rows.find((row) => row.key === 'price')!;
      expect(result.fit.fits).toBe(true);
      expect(price.lines).toHaveLength(1);
      expect(['$25,000,000', '$25M']).toContain(price.lines[0]);
      expect(price.shortened).toBe(false);
      expect(result.fit.rows.find((row) => row.key === 'previousPrice')?.lines[0]).toBe('Was $26,500,000');
    }
  });

  it('when a text is too long for its lines, then fitText shrinks first, then shortens at a word with "…", and every line fits', () => {
    const measure = (text: string, size: number) => [...text].length * size * 0.5;
    const shrunk = fitText({
      text: 'Twelve words here',
      maxWidth: 200,
      maxLines: 1,
      maxSize: 40,
      minSize: 20,
      measure,
    });
    expect(shrunk).toMatchObject({ fits: true, shortened: false, lines: ['Twelve words here'] });
    expect(shrunk.fontSize).toBeLessThan(40);
    const text = 'One two three four five six seven eight nine ten eleven twelve';
    const cut = fitText({ text, maxWidth: 150, maxLines: 2, maxSize: 30, minSize: 20, measure });
    expect(cut).toMatchObject({ fits: true, shortened: true, fontSize: 20 });
    expect(cut.lines).toHaveLength(2);
    expect(cut.lines[1]).toMatch(/[a-z]…$/);
    expectWholeWords(cut.lines, text);
    for (const line of cut.lines) expect(measure(line, cut.fontSize)).toBeLessThanOrEqual(150);
    const price = fitText({
      text: '$25,000,000',
      maxWidth: 100,
      maxLines: 1,
      maxSize: 40,
      minSize: 30,
      shorten: false,
      measure,
    });
    expect(price).toMatchObject({ fits: true, shortened: false, lines: ['$25,000,000'] });
  });

  it('when CJK text wraps, then it breaks between characters, never inside a Latin word', () => {
    const measure = (text: string, size: number) => [...text].length * size;
    const fit = fitText({
      text: '銀座一丁目 Tower 五丁目',
      maxWidth: 200,
      maxLines: 3,
      maxSize: 40,
      minSize: 40,
      measure,
    });
    expect(fit.fits).toBe(true);
    expect(fit.lines.join('|')).toContain('Tower');
  });

  it('when a street name is Japanese, German or French, then the fonts loaded have a real glyph for every character', () => {
    for (const listing of [listings.nonLatin, listings.european]) {
      const look = brand(null, listing === listings.european);
      const fonts = fontSetFor(singleImageTexts(detailsFor('just_listed', 1), listing, look), look.luxury);
      expect(fonts.missing(`${listing.address.street} ${listing.address.city}`)).toEqual([]);
    }
    const japanese = fontSetFor('銀座一丁目', false);
    expect(japanese.fonts.some((font) => font.name.startsWith('Noto Sans JP'))).toBe(true);
    expect(
      fontSetFor('48 Linden Terrace', false).fonts.some((font) => font.name.startsWith('Noto Sans JP')),
    ).toBe(false);
  });
});

describe('social images: looks and content', () => {
  async function thumbnail(image: RenderedImage) {
    return sharp(image.data).resize(54, 68, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  }

  it('when the brand is luxury, then the image looks visibly different from the standard look', async () => {
    const input = {
      format: 'instagram_portrait' as const,
      details: detailsFor('just_listed', 1),
      listing: listings.plain,
      photo: photos.landscape,
    };
    const standard = await renderSocialImage({ ...input, brand: brand(logoData, false) });
    const luxury = await renderSocialImage({ ...input, brand: brand(logoData, true) });
    const [a, b] = [await thumbnail(standard), await thumbnail(luxury)];
    let difference = 0;
    for (let i = 0; i < a.length; i++) difference += Math.abs(a[i]! - b[i]!);
    expect(difference / a.length).toBeGreaterThan(20);
  });

  it('when the photo has its subject off-centre, then the crop keeps the subject in view', async () => {
    const image = await renderSocialImage({
      format: 'instagram_square',
      details: detailsFor('just_listed', 1),
      listing: listings.plain,
      brand: brand(null),
      photo: await photo(2400, 1000, 0.9),
    });
    const { data, info } = await sharp(image.data)
      .extract({ left: 0, top: 0, width: 1080, height: 540 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += info.channels)
      if (data[i]! > 180 && data[i + 1]! < 80 && data[i + 2]! < 80) red++;
    expect(red / (info.width * info.height)).toBeGreaterThan(0.02);
  });

  it('when it is an open house or a price reduction, then the alt text gives the local time or both prices from the facts', async () => {
    const open = await renderSocialImage({
      format: 'x',
      details: detailsFor('open_house', 1),
      listing: listings.plain,
      brand: brand(null),
      photo: null,
    });
    expect(open.altText).toBe(
      'Open house Saturday, May 4, 1:00 – 3:00 PM CDT: 4-bedroom single-family home at 48 Linden Terrace, Asheville, NC, offered at $689,000. Brand-colour design without a photo with Blue Ridge Realty branding and agent Dana Whitfield.',
    );
    const reduced = await renderSocialImage({
      format: 'facebook',
      details: { event: 'price_reduced', previousPrice: 729_000 },
      listing: listings.plain,
      brand: brand(logoData),
      photo: photos.landscape,
    });
    expect(reduced.altText).toContain('now $689,000, down from $729,000');
    expect(reduced.altText).toContain('Photo of the home with Blue Ridge Realty branding');
  });
});

describe('social images: carousel', () => {
  it('when a listing has ten photos, then the carousel is a cover, eight captioned photos and a features card, all 1080×1350', async () => {
    const all = [photos.landscape, photos.portrait, photos.squarePng, photos.small];
    const input = Array.from({ length: 10 }, (_, i) => ({
      data: all[i % all.length]!,
      caption: i === 3 ? null : `Caption number ${i + 1}`,
    }));
    const slides = await renderCarousel({
      details: detailsFor('just_listed', 1),
      listing: listings.plain,
      brand: brand(logoData),
      photos: input,
    });
    expect(slides.map((slide) => slide.role)).toEqual([
      'cover',
      ...Array<string>(8).fill('photo'),
      'features',
    ]);
    for (const slide of slides) {
      const meta = await sharp(slide.data).metadata();
      expect([meta.width, meta.height, meta.format, meta.space]).toEqual([1080, 1350, 'jpeg', 'srgb']);
      expect(slide).toMatchObject({
        format: 'carousel',
        width: 1080,
        height: 1350,
        bytes: slide.data.length,
      });
      expect(slide.bytes).toBeLessThanOrEqual(platformByteLimits.instagram);
      expect(slide.altText).toContain('48 Linden Terrace');
    }
    expect(slides[1]!.altText).toBe('Photo 1 of 8 of 48 Linden Terrace, Asheville, NC: Caption number 1.');
    expect(slides[4]!.altText).toBe('Photo 4 of 8 of 48 Linden Terrace, Asheville, NC.');
    expect(slides.at(-1)!.altText).toContain('4 bedrooms, 3 bathrooms');
    expect(slides.at(-1)!.altText).toContain('Renovated kitchen');
  });

  it('when a listing has two photos and the luxury look, then there are four slides', async () => {
    const slides = await renderCarousel({
      details: detailsFor('open_house', 1),
      listing: listings.longAddress,
      brand: brand(logoData, true),
      photos: [
        { data: photos.portrait, caption: 'Sunlit kitchen with quartz counters' },
        { data: photos.small, caption: null },
      ],
    });
    expect(slides.map((slide) => slide.role)).toEqual(['cover', 'photo', 'photo', 'features']);
    expect(slides[1]!.altText).toContain('Sunlit kitchen with quartz counters');
  });
});

describe('social images: merging the drawing with the photo and kept layers', () => {
  type Box = Underlay['box'];
  const within = (box: Box, x: number, y: number) =>
    x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;

  /** Straight per-pixel maths: the drawing over the underlay whose box it is in, else un-premultiplied. */
  function reference(pixels: Buffer, width: number, height: number, underlays: Underlay[]): Buffer {
    const out = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const alpha = pixels[i + 3]!;
        const under = underlays.find(({ box }) => within(box, x, y));
        for (let c = 0; c < 3; c++) {
          const drawn = pixels[i + c]!;
          let value: number;
          if (alpha === 255) value = drawn;
          else if (under) {
            const { box, data } = under;
            const p = data[((y - box.top) * box.width + x - box.left) * 3 + c]!;
            value = Math.floor(drawn + (p * (255 - alpha) + 127) / 255);
          } else value = alpha === 0 ? 0 : Math.min(255, Math.round((drawn * 255) / alpha));
          out[(y * width + x) * 3 + c] = value;
        }
      }
    }
    return out;
  }

  /** Premultiplied RGBA: mostly opaque, whole clear rows and clear runs in the boxes, some edges. */
  function drawing(width: number, height: number, boxes: Box[], seed: number): Buffer {
    let state = seed;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pixels = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const box = boxes.find((b) => within(b, x, y));
        const roll = random();
        const clear = box !== undefined && (y === box.top + 1 || roll < 0.6);
        const alpha = clear ? 0 : roll < 0.85 ? 255 : Math.floor(random() * 256);
        const i = (y * width + x) * 4;
        for (let c = 0; c < 3; c++) pixels[i + c] = Math.floor(random() * (alpha + 1));
        pixels[i + 3] = alpha;
      }
    }
    return pixels;
  }

  it.each([
    { width: 16, height: 9, boxes: [{ left: 3, top: 2, width: 9, height: 5 }] },
    { width: 7, height: 6, boxes: [{ left: 0, top: 0, width: 5, height: 6 }] },
    { width: 12, height: 5, boxes: [{ left: 0, top: 1, width: 12, height: 3 }] },
    // A landscape image: photo on the left, the brand bar beside it at the bottom, a shared row group.
    {
      width: 20,
      height: 8,
      boxes: [
        { left: 1, top: 1, width: 9, height: 6 },
        { left: 11, top: 5, width: 9, height: 3 },
      ],
    },
    {
      width: 9,
      height: 5,
      boxes: [
        { left: 0, top: 0, width: 4, height: 3 },
        { left: 4, top: 2, width: 5, height: 3 },
      ],
    },
  ])(
    'when a $width×$height drawing has opaque, clear and partly clear pixels on and off its underlays, then every pixel is the drawing over them',
    ({ width, height, boxes }) => {
      for (let seed = 1; seed <= 20; seed++) {
        const underlays = boxes.map((box, n) => {
          const data = Buffer.alloc(box.width * box.height * 3);
          for (let i = 0; i < data.length; i++) data[i] = (i * 37 + seed * 11 + n * 101) % 256;
          return { box, data };
        });
        const pixels = drawing(width, height, boxes, seed);
        const expected = reference(pixels, width, height, underlays);
        // Also from a buffer that does not start on a 4-byte boundary.
        const shifted = Buffer.alloc(pixels.length + 1).subarray(1);
        pixels.copy(shifted);
        expect(flattenPixels(shifted, width, height, underlays).equals(expected)).toBe(true);
        expect(flattenPixels(pixels, width, height, [...underlays].reverse()).equals(expected)).toBe(true);
      }
    },
  );
});
