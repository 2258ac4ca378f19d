import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import satori from 'satori';
import { Resvg } from '@resvg/resvg-js';
import { imageFormats, imageFormatNames } from '/work/main/src/creative/social/formats.js';
import { themeFor } from '/work/main/src/creative/social/theme.js';
import { fontSetFor } from '/work/main/src/creative/social/fonts.js';
import { geometryFor, planSingleImage, singleImageTexts } from '/work/main/src/creative/social/templates.js';
import { cropPhoto, prepareLogo, mergePhoto } from '/work/main/src/creative/social/render.js';

const photo = await sharp({ create: { width: 2048, height: 1365, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 18 } } }).jpeg({ quality: 85 }).toBuffer();
const logo = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240"><rect width="600" height="240" rx="24" fill="#0b3d91"/><circle cx="120" cy="120" r="70" fill="#f2a541"/></svg>')).png().toBuffer();
const listing: any = { address: { street: '48 Linden Terrace', unit: null, city: 'Asheville', state: 'NC', postalCode: '28801', country: 'US' }, price: 689000, beds: 4, baths: 3, interiorSqft: 2450, lotSqft: 9100, yearBuilt: 1998, propertyType: 'single_family', features: [], description: '', photoCount: 3 };
const T: Record<string, number[]> = {};
const rec = (k: string, v: number) => (T[k] ??= []).push(v);
for (let iter = 0; iter < 6; iter++)
for (const format of imageFormatNames) for (const luxury of [false, true]) for (const hasPhoto of [true, false]) {
  const brand: any = { agentName: 'Dana Whitfield', brokerage: 'Blue Ridge Realty', phone: '(828) 555-0142', primaryColor: '#12355b', secondaryColor: '#0b1f33', accentColor: '#f2a541', logo, luxury };
  const details: any = { event: 'just_listed' };
  const { width, height } = imageFormats[format];
  let t = performance.now();
  const theme = themeFor(brand);
  const fonts = fontSetFor(singleImageTexts(details, listing, brand), luxury);
  const geometry = geometryFor(width, height, theme);
  const lg = await prepareLogo(logo, geometry.logo);
  const plan = planSingleImage({ details, listing, brand, theme, fonts, geometry, logo: lg, hasPhoto });
  rec('plan', performance.now() - t); t = performance.now();
  const svg = await satori(plan.node as any, { width, height, fonts: fonts.fonts as any });
  rec('satori', performance.now() - t); t = performance.now();
  const px = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } }).render().pixels;
  rec('resvg', performance.now() - t); t = performance.now();
  if (hasPhoto) {
    const c = await cropPhoto(photo, geometry.hero, theme.panel);
    rec('crop', performance.now() - t); t = performance.now();
    mergePhoto(px, width, c);
    rec('merge', performance.now() - t); t = performance.now();
  }
  const j = await sharp(px, { raw: { width, height, channels: 4, premultiplied: true } }).removeAlpha().jpeg({ quality: 88 }).toBuffer();
  rec('jpeg', performance.now() - t);
  if (iter === 5 && process.env.DUMP) { (await import('node:fs')).writeFileSync(`/tmp/prof/${format}-${luxury}-${hasPhoto}.svg`, svg); }
}
for (const [k, v] of Object.entries(T)) { v.sort((a, b) => a - b); console.log(k.padEnd(8), 'median', v[v.length >> 1]!.toFixed(1), 'p90', v[Math.floor(v.length * 0.9)]!.toFixed(1)); }
