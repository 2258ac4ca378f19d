/**
 * The luxury flyer: Playfair Display headings on an ivory page, gold and charcoal instead of the brand
 * colours, wide margins and a centred title block — the framed photo grid, the address as a serif title,
 * price and facts, then description and features, and a charcoal footer with the agent and QR code.
 */
import type { FontFace } from './fonts.js';
import { drawBulletList, drawFactsLine, drawPhotos, photoGridSlots } from './draw.js';
import type { FlyerLayout, LayoutInput, PageSize } from './layout.js';
import { drawCornerRibbon, drawEqualHousingLogo } from './marks.js';
import { drawQrCode } from './qr.js';
import type { Box, TextStyle } from './typeset.js';

const MARGIN = 46;
const GAP = 6;
const FOOTER = 128;
const IVORY = '#faf7f1';
const CHARCOAL = '#17181c';
const GOLD = '#b08d57';
const INK = '#2a2a2e';
const MUTED = '#6b6760';
const inter = (weight: FontFace['weight']): FontFace => ({ family: 'inter', weight });
const playfair = (weight: FontFace['weight'], italic = false): FontFace => ({
  family: 'playfair',
  weight,
  italic,
});

function mediaArea(page: PageSize, hasPhotos: boolean): Box {
  return {
    x: MARGIN,
    y: 66,
    width: page.width - 2 * MARGIN,
    height: Math.round(page.height * (hasPhotos ? 0.34 : 0.24)),
  };
}

function drawTop({ doc, ts, page, content, logo }: LayoutInput): void {
  if (logo) {
    doc.image(logo.image, (page.width - logo.width) / 2, 20 + (30 - logo.height) / 2, {
      width: logo.width,
      height: logo.height,
    });
    return;
  }
  if (!content.brokerage) return;
  const style = { face: inter(500), size: 8.5, color: INK, tracking: 0.6 };
  const box = { x: MARGIN, y: 20, width: page.width - 2 * MARGIN, height: 30 };
  ts.block(content.brokerage.toUpperCase(), style, box, {
    align: 'center',
    maxLines: 1,
    minSize: 6.5,
    valign: 'middle',
  });
}

/** Without photos: a charcoal panel in a double gold frame with the city in italic serif. */
function drawPanel({ doc, ts, content }: LayoutInput, area: Box): void {
  doc.rect(area.x, area.y, area.width, area.height).fill(CHARCOAL);
  doc.lineWidth(0.8).strokeColor(GOLD);
  doc.rect(area.x + 10, area.y + 10, area.width - 20, area.height - 20).stroke();
  doc
    .lineWidth(0.4)
    .rect(area.x + 14, area.y + 14, area.width - 28, area.height - 28)
    .stroke();
  const inner = { x: area.x + 40, width: area.width - 80 };
  const overline = { face: inter(500), size: 8, color: GOLD, tracking: 0.6 };
  ts.block(
    content.propertyType.toUpperCase(),
    overline,
    { ...inner, y: area.y + area.height * 0.3, height: 14 },
    {
      align: 'center',
      maxLines: 1,
    },
  );
  const headline = { face: playfair(400, true), size: 40, color: '#ffffff', leading: 1.1 };
  ts.block(
    content.city || content.street,
    headline,
    { ...inner, y: area.y + area.height * 0.3 + 18, height: area.height * 0.4 },
    {
      align: 'center',
      maxLines: 1,
      minSize: 20,
    },
  );
}

function ornament(doc: PDFKit.PDFDocument, centreX: number, y: number): void {
  doc.rect(centreX - 44, y - 0.3, 36, 0.6).fill(GOLD);
  doc.rect(centreX + 8, y - 0.3, 36, 0.6).fill(GOLD);
  doc.save().translate(centreX, y).rotate(45).rect(-2.5, -2.5, 5, 5).fill(GOLD).restore();
}

/** Address, locality, ornament, price and facts, centred; returns the bottom. */
function drawTitle({ doc, ts, content, page }: LayoutInput, top: number): number {
  const box = { x: MARGIN + 30, width: page.width - 2 * MARGIN - 60 };
  const streetStyle: TextStyle = { face: playfair(700), size: 26, color: INK, leading: 1.15 };
  const street = ts.fit(
    content.street,
    streetStyle,
    { ...box, y: top, height: 60 },
    { maxLines: 2, minSize: 15 },
  );
  ts.drawLines(
    street.lines,
    { ...streetStyle, size: street.size },
    { ...box, y: top, height: street.height },
    { align: 'center' },
    street.height,
  );
  let y = top + street.height + 4;
  const locality = { face: inter(500), size: 8.5, color: MUTED, tracking: 0.6 };
  ts.block(
    content.locality.toUpperCase(),
    locality,
    { ...box, y, height: 12 },
    { align: 'center', maxLines: 1, minSize: 6.5 },
  );
  y += 24;
  ornament(doc, page.width / 2, y);
  y += 10;
  const price = { face: playfair(400), size: 24, color: GOLD, leading: 1.2 };
  ts.block(content.price, price, { ...box, y, height: 30 }, { align: 'center', maxLines: 1, minSize: 14 });
  y += 32;
  const value = { face: inter(600), size: 8, color: INK, tracking: 0.5 };
  const label = { face: inter(400), size: 8, color: INK, tracking: 0.5 };
  const separator = { face: inter(400), size: 8, color: GOLD, text: '    ·    ' };
  drawFactsLine(
    ts,
    content.facts,
    { value, label, separator },
    { x: MARGIN, y, width: page.width - 2 * MARGIN, height: 14 },
    6,
    (text) => text.toUpperCase(),
  );
  return y + 14;
}

function heading(input: LayoutInput, text: string, x: number, y: number, width: number): number {
  input.ts.block(
    text,
    { face: playfair(400, true), size: 15, color: INK, leading: 1.25 },
    { x, y, width, height: 20 },
    { maxLines: 1 },
  );
  input.doc.rect(x, y + 22, 24, 0.8).fill(GOLD);
  return y + 32;
}

function drawBody(input: LayoutInput, body: Box): void {
  const { doc, ts, content } = input;
  const text: TextStyle = { face: inter(300), size: 9, color: INK, leading: 1.6 };
  const hasDescription = content.description !== '';
  const hasFeatures = content.features.length > 0;
  const gutter = 34;
  const descriptionWidth = hasFeatures ? Math.round((body.width - gutter) * 0.56) : body.width;
  if (hasDescription) {
    const top = heading(input, 'The Residence', body.x, body.y, descriptionWidth);
    ts.block(
      content.description,
      text,
      { x: body.x, y: top, width: descriptionWidth, height: body.y + body.height - top },
      {
        preferSentence: true,
        paragraphGap: 0.4,
      },
    );
  }
  if (!hasFeatures) return;
  const x = hasDescription ? body.x + descriptionWidth + gutter : body.x;
  const top = heading(input, 'Distinctive Features', x, body.y, body.x + body.width - x);
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
    const drawn = drawBulletList(ts, remaining, { ...text, leading: 1.45 }, box, {
      indent: 13,
      itemGap: 4,
      maxItemLines: 2,
      bullet: (bx, cy) => {
        doc
          .save()
          .translate(bx + 2.5, cy)
          .rotate(45)
          .rect(-1.8, -1.8, 3.6, 3.6)
          .fill(GOLD)
          .restore();
      },
    });
    remaining = remaining.slice(drawn);
  }
}

function drawFooter({ doc, ts, page, content }: LayoutInput): void {
  const top = page.height - FOOTER;
  doc.rect(0, top, page.width, FOOTER).fill(CHARCOAL);
  doc.rect(0, top, page.width, 1.5).fill(GOLD);
  const qrSize = 66;
  const qrX = page.width - MARGIN - qrSize;
  drawQrCode(doc, content.listingUrl, qrX, top + 16, qrSize, CHARCOAL);
  const caption = { face: inter(500), size: 6, color: GOLD, tracking: 0.4 };
  ts.block(
    'SCAN TO VIEW',
    caption,
    { x: qrX - 10, y: top + 86, width: qrSize + 20, height: 9 },
    { align: 'center', maxLines: 1 },
  );

  const columnWidth = (qrX - 24 - MARGIN) / 2;
  const agent = { x: MARGIN, width: columnWidth - 12 };
  const [first, ...rest] = [content.agentName, content.brokerage].filter(
    (value): value is string => value !== null,
  );
  if (first) {
    const style = { face: playfair(700), size: 17, color: '#ffffff' };
    ts.block(first, style, { ...agent, y: top + 16, height: 24 }, { maxLines: 1, minSize: 11 });
  }
  const brokerage = rest[0];
  if (brokerage) {
    const style = { face: inter(500), size: 8.5, color: GOLD, tracking: 0.4 };
    ts.block(brokerage, style, { ...agent, y: top + 41, height: 12 }, { maxLines: 1, minSize: 6.5 });
  }
  if (content.license) {
    const style = { face: inter(300), size: 8, color: '#bdb8ae' };
    ts.block(content.license, style, { ...agent, y: top + 54, height: 12 }, { maxLines: 1, minSize: 6 });
  }
  const contactX = MARGIN + columnWidth;
  content.contacts.forEach((contact, index) => {
    const style = { face: inter(300), size: 8.5, color: '#ece7de' };
    ts.block(
      contact,
      style,
      { x: contactX, y: top + 18 + index * 15, width: columnWidth, height: 13 },
      { maxLines: 1, minSize: 6.5 },
    );
  });

  const bottom = page.height - 14;
  const eho = { face: inter(500), size: 6.5, color: '#ece7de' };
  const ehoText = 'Equal Housing Opportunity';
  const ehoWidth = ts.measure(ehoText, eho);
  const logoSize = 16;
  drawEqualHousingLogo(
    doc,
    page.width - MARGIN - ehoWidth - logoSize - 6,
    bottom - logoSize,
    logoSize,
    '#ece7de',
  );
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
    const style = { face: inter(300), size: 6, color: '#a39d92', leading: 1.3 };
    const box = { x: MARGIN, y: top + 74, width: page.width - 2 * MARGIN - 170, height: bottom - top - 74 };
    ts.block(content.disclosure, style, box, { minSize: 5, valign: 'bottom' });
  }
}

export const luxuryLayout: FlyerLayout = {
  maxPhotos: 4,
  photoSlots: (page, count) => photoGridSlots(mediaArea(page, count > 0), count, GAP),
  logoBox: () => ({ width: 180, height: 30 }),
  draw(input) {
    const { doc, page, content, slots } = input;
    doc.rect(0, 0, page.width, page.height).fill(IVORY);
    drawTop(input);
    const media = mediaArea(page, slots.length > 0);
    doc
      .lineWidth(0.6)
      .strokeColor(GOLD)
      .rect(media.x - 6, media.y - 6, media.width + 12, media.height + 12)
      .stroke();
    if (slots.length > 0) drawPhotos(doc, slots, input.photos, '#e6e0d4');
    else drawPanel(input, media);
    if (content.ribbon)
      drawCornerRibbon(doc, input.ts, media, content.ribbon, { fill: GOLD, text: CHARCOAL }, inter(600));
    const titleBottom = drawTitle(input, media.y + media.height + 26);
    const bodyTop = titleBottom + 20;
    drawBody(input, {
      x: MARGIN,
      y: bodyTop,
      width: media.width,
      height: page.height - FOOTER - 18 - bodyTop,
    });
    drawFooter(input);
  },
};
