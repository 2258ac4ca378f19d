/**
 * The standard flyer: Inter throughout, bold blocks in the brand's colours — a colour header, the photo
 * grid, a price bar with the address, the facts strip, description and features in two columns, and the
 * agent footer with the QR code, disclosure and equal-housing statement.
 */
import type { FontFace } from './fonts.js';
import { drawBulletList, drawFactsLine, drawPhotos, photoGridSlots, textOn } from './draw.js';
import type { FlyerLayout, LayoutInput, PageSize } from './layout.js';
import { drawCornerRibbon, drawEqualHousingLogo } from './marks.js';
import { drawQrCode } from './qr.js';
import type { Box, TextStyle } from './typeset.js';

const MARGIN = 30;
const HEADER = 56;
const GAP = 5;
const FOOTER = 152;
const INK = '#1d2127';
const MUTED = '#5d6470';
const inter = (weight: FontFace['weight']): FontFace => ({ family: 'inter', weight });

function mediaArea(page: PageSize, hasPhotos: boolean): Box {
  return {
    x: MARGIN,
    y: HEADER + 14,
    width: page.width - 2 * MARGIN,
    height: Math.round(page.height * (hasPhotos ? 0.36 : 0.2)),
  };
}

function drawHeader({ doc, ts, page, content, logo, primaryColor }: LayoutInput): void {
  const onPrimary = textOn(primaryColor);
  doc.rect(0, 0, page.width, HEADER).fill(primaryColor);
  const half = (page.width - 2 * MARGIN) / 2;
  if (logo) {
    doc.image(logo.image, MARGIN, (HEADER - logo.height) / 2, { width: logo.width, height: logo.height });
  } else if (content.brokerage) {
    const style = { face: inter(800), size: 14, color: onPrimary };
    ts.block(
      content.brokerage,
      style,
      { x: MARGIN, y: 0, width: half, height: HEADER },
      { maxLines: 1, minSize: 9, valign: 'middle' },
    );
  }
  const label = { face: inter(600), size: 8.5, color: onPrimary, tracking: 0.6, opacity: 0.85 };
  ts.block(
    content.propertyType.toUpperCase(),
    label,
    { x: MARGIN + half, y: 0, width: half, height: HEADER },
    {
      align: 'right',
      maxLines: 1,
      valign: 'middle',
    },
  );
}

/** Without photos: a brand-colour panel with the city as its headline. */
function drawPanel({ doc, ts, content, primaryColor, accentColor }: LayoutInput, area: Box): void {
  const onPrimary = textOn(primaryColor);
  doc.rect(area.x, area.y, area.width, area.height).fill(primaryColor);
  doc.save();
  doc.rect(area.x, area.y, area.width, area.height).clip();
  doc.lineWidth(10).strokeColor(onPrimary, 0.07);
  for (let x = area.x + area.width * 0.55; x < area.x + area.width + area.height; x += 26) {
    doc
      .moveTo(x, area.y)
      .lineTo(x - area.height, area.y + area.height)
      .stroke();
  }
  doc.restore();
  doc.rect(area.x, area.y, 8, area.height).fill(accentColor);
  const inner = { x: area.x + 34, width: area.width * 0.62 };
  const overline = { face: inter(700), size: 9, color: onPrimary, tracking: 0.7, opacity: 0.8 };
  ts.block(
    content.propertyType.toUpperCase(),
    overline,
    { ...inner, y: area.y + area.height * 0.22, height: 14 },
    { maxLines: 1 },
  );
  const headline = { face: inter(800), size: 38, color: onPrimary, leading: 1.1 };
  const title = content.city || content.street;
  ts.block(
    title,
    headline,
    { ...inner, y: area.y + area.height * 0.22 + 18, height: area.height * 0.5 },
    { maxLines: 2, minSize: 18 },
  );
}

function drawPriceBar({ doc, ts, content, primaryColor, accentColor }: LayoutInput, bar: Box): void {
  const priceWidth = Math.round(bar.width * 0.36);
  doc.rect(bar.x, bar.y, priceWidth, bar.height).fill(accentColor);
  doc.rect(bar.x + priceWidth, bar.y, bar.width - priceWidth, bar.height).fill(primaryColor);
  const priceStyle = { face: inter(800), size: 27, color: textOn(accentColor), leading: 1.1 };
  ts.block(
    content.price,
    priceStyle,
    { x: bar.x + 14, y: bar.y, width: priceWidth - 28, height: bar.height },
    {
      maxLines: 1,
      minSize: 12,
      valign: 'middle',
    },
  );
  const onPrimary = textOn(primaryColor);
  const address = { x: bar.x + priceWidth + 16, width: bar.width - priceWidth - 32 };
  const streetStyle: TextStyle = { face: inter(700), size: 15, color: onPrimary, leading: 1.15 };
  const localityStyle: TextStyle = {
    face: inter(400),
    size: 10,
    color: onPrimary,
    leading: 1.2,
    opacity: 0.9,
  };
  const street = ts.fit(
    content.street,
    streetStyle,
    { ...address, y: 0, height: bar.height - 26 },
    { minSize: 10, maxLines: 2 },
  );
  const locality = ts.fit(
    content.locality,
    localityStyle,
    { ...address, y: 0, height: 14 },
    { maxLines: 1, minSize: 8 },
  );
  const top = bar.y + (bar.height - street.height - 2 - locality.height) / 2;
  ts.drawLines(
    street.lines,
    { ...streetStyle, size: street.size },
    { ...address, y: top, height: street.height },
    {},
    street.height,
  );
  const localityBox = { ...address, y: top + street.height + 2, height: locality.height };
  ts.drawLines(locality.lines, { ...localityStyle, size: locality.size }, localityBox, {}, locality.height);
}

function heading(input: LayoutInput, text: string, x: number, y: number): number {
  const style = { face: inter(800), size: 9.5, color: input.primaryColor, tracking: 0.5 };
  input.ts.block(text.toUpperCase(), style, { x, y, width: 400, height: 13 }, { maxLines: 1 });
  input.doc.rect(x, y + 15, 26, 2.5).fill(input.accentColor);
  return y + 25;
}

function drawBody(input: LayoutInput, body: Box): void {
  const { doc, ts, content, accentColor } = input;
  const text: TextStyle = { face: inter(400), size: 9.5, color: INK, leading: 1.42 };
  const hasDescription = content.description !== '';
  const hasFeatures = content.features.length > 0;
  const gutter = 22;
  const descriptionWidth = hasFeatures ? Math.round((body.width - gutter) * 0.58) : body.width;
  if (hasDescription) {
    const top = heading(input, 'About this home', body.x, body.y);
    ts.block(
      content.description,
      text,
      { x: body.x, y: top, width: descriptionWidth, height: body.y + body.height - top },
      {
        preferSentence: true,
        paragraphGap: 0.45,
      },
    );
  }
  if (!hasFeatures) return;
  const x = hasDescription ? body.x + descriptionWidth + gutter : body.x;
  const top = heading(input, 'Features', x, body.y);
  const columns = hasDescription ? 1 : 2;
  const columnWidth = (body.x + body.width - x - (columns - 1) * gutter) / columns;
  let remaining = content.features;
  for (let column = 0; column < columns && remaining.length > 0; column += 1) {
    const box = {
      x: x + column * (columnWidth + gutter),
      y: top,
      width: columnWidth,
      height: body.y + body.height - top,
    };
    const drawn = drawBulletList(ts, remaining, { ...text, leading: 1.3 }, box, {
      indent: 12,
      itemGap: 3.5,
      maxItemLines: 2,
      bullet: (bx, cy) => doc.rect(bx, cy - 2, 4, 4).fill(accentColor),
    });
    remaining = remaining.slice(drawn);
  }
}

function drawFooter({ doc, ts, page, content, primaryColor, accentColor }: LayoutInput): void {
  const top = page.height - FOOTER;
  const width = page.width - 2 * MARGIN;
  doc.rect(MARGIN, top, width, 2).fill(primaryColor);
  const qrSize = 76;
  const qrX = page.width - MARGIN - qrSize;
  drawQrCode(doc, content.listingUrl, qrX, top + 14, qrSize, INK);
  const caption = { face: inter(600), size: 6.5, color: MUTED };
  ts.block(
    'SCAN FOR DETAILS',
    caption,
    { x: qrX, y: top + 92, width: qrSize, height: 9 },
    { align: 'center', maxLines: 1 },
  );

  const columnWidth = (qrX - 20 - MARGIN) / 2;
  const agent = { x: MARGIN, width: columnWidth - 10 };
  const [first, ...rest] = [content.agentName, content.brokerage].filter(
    (value): value is string => value !== null,
  );
  if (first)
    ts.block(
      first,
      { face: inter(800), size: 15, color: INK },
      { ...agent, y: top + 12, height: 22 },
      { maxLines: 1, minSize: 10 },
    );
  const brokerage = rest[0];
  if (brokerage) {
    const style = { face: inter(600), size: 9.5, color: primaryColor };
    ts.block(brokerage, style, { ...agent, y: top + 34, height: 14 }, { maxLines: 1, minSize: 7 });
  }
  if (content.license) {
    ts.block(
      content.license,
      { face: inter(400), size: 8.5, color: MUTED },
      { ...agent, y: top + 49, height: 13 },
      { maxLines: 1, minSize: 6.5 },
    );
  }
  const contactX = MARGIN + columnWidth;
  content.contacts.forEach((contact, index) => {
    const y = top + 14 + index * 16;
    doc.rect(contactX, y + 5, 3, 3).fill(accentColor);
    const style = { face: inter(500), size: 9, color: INK };
    ts.block(
      contact,
      style,
      { x: contactX + 10, y, width: columnWidth - 10, height: 13 },
      { maxLines: 1, minSize: 7 },
    );
  });

  const bottom = page.height - 16;
  const eho = { face: inter(600), size: 7, color: INK };
  const ehoText = 'Equal Housing Opportunity';
  const ehoWidth = ts.measure(ehoText, eho);
  const logoSize = 18;
  drawEqualHousingLogo(doc, page.width - MARGIN - ehoWidth - logoSize - 6, bottom - logoSize, logoSize, INK);
  ts.block(
    ehoText,
    eho,
    { x: page.width - MARGIN - ehoWidth - 1, y: bottom - logoSize, width: ehoWidth + 2, height: logoSize },
    {
      maxLines: 1,
      valign: 'middle',
    },
  );
  if (content.disclosure) {
    const style = { face: inter(400), size: 6.5, color: MUTED, leading: 1.3 };
    const box = { x: MARGIN, y: top + 84, width: width - 160, height: bottom - top - 84 };
    ts.block(content.disclosure, style, box, { minSize: 5.5, valign: 'bottom' });
  }
}

export const standardLayout: FlyerLayout = {
  maxPhotos: 5,
  photoSlots: (page, count) => photoGridSlots(mediaArea(page, count > 0), count, GAP),
  logoBox: () => ({ width: 170, height: 34 }),
  draw(input) {
    const { doc, page, content, slots } = input;
    const media = mediaArea(page, slots.length > 0);
    if (slots.length > 0) drawPhotos(doc, slots, input.photos, '#d9dde3');
    else drawPanel(input, media);
    if (content.ribbon) {
      const colors = { fill: input.accentColor, text: textOn(input.accentColor) };
      drawCornerRibbon(doc, input.ts, media, content.ribbon, colors, inter(800));
    }
    drawHeader(input);
    const bar = { x: MARGIN, y: media.y + media.height + 10, width: media.width, height: 56 };
    drawPriceBar(input, bar);
    const strip = { x: MARGIN, y: bar.y + bar.height, width: media.width, height: 30 };
    doc
      .rect(strip.x, strip.y, strip.width, strip.height)
      .fillOpacity(0.08)
      .fill(input.primaryColor)
      .fillOpacity(1);
    const value = { face: inter(700), size: 10.5, color: INK };
    const label = { face: inter(400), size: 10.5, color: MUTED };
    const separator = { face: inter(400), size: 10.5, color: input.accentColor, text: '   •   ' };
    drawFactsLine(
      input.ts,
      content.facts,
      { value, label, separator },
      { ...strip, x: strip.x + 10, width: strip.width - 20 },
      7.5,
    );
    const bodyTop = strip.y + strip.height + 18;
    drawBody(input, {
      x: MARGIN,
      y: bodyTop,
      width: media.width,
      height: page.height - FOOTER - 12 - bodyTop,
    });
    drawFooter(input);
  },
};
