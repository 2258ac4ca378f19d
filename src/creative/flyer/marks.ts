/** Vector marks shared by both layouts: the equal-housing logo and the status ribbon. */
import type { FontFace } from './fonts.js';
import type { Box, Typesetter } from './typeset.js';

/** The equal-housing logo (a house with an equals sign) in a `size`-point square at (x, y). */
export function drawEqualHousingLogo(
  doc: PDFKit.PDFDocument,
  x: number,
  y: number,
  size: number,
  color: string,
): void {
  const s = size;
  doc.save();
  // The house with its window cut out (even-odd), so the logo stays transparent on any background.
  doc
    .moveTo(x + s / 2, y)
    .lineTo(x + s, y + 0.42 * s)
    .lineTo(x + 0.88 * s, y + 0.42 * s)
    .lineTo(x + 0.88 * s, y + s)
    .lineTo(x + 0.12 * s, y + s)
    .lineTo(x + 0.12 * s, y + 0.42 * s)
    .lineTo(x, y + 0.42 * s)
    .closePath()
    .rect(x + 0.26 * s, y + 0.5 * s, 0.48 * s, 0.38 * s)
    .fill(color, 'even-odd');
  doc.rect(x + 0.32 * s, y + 0.57 * s, 0.36 * s, 0.08 * s).fill(color);
  doc.rect(x + 0.32 * s, y + 0.73 * s, 0.36 * s, 0.08 * s).fill(color);
  doc.restore();
}

const ribbonLabels: Record<string, string> = {
  sold: 'SOLD',
  under_contract: 'UNDER CONTRACT',
  coming_soon: 'COMING SOON',
  price_reduced: 'PRICE REDUCED',
  open_house: 'OPEN HOUSE',
};

/** The ribbon text for a listing status, or null when the status needs none (active, withdrawn…). */
export function ribbonLabel(status: string): string | null {
  return (
    ribbonLabels[
      status
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ] ?? null
  );
}

/** A diagonal band across the top-right corner of `box`, clipped to it. */
export function drawCornerRibbon(
  doc: PDFKit.PDFDocument,
  ts: Typesetter,
  box: Box,
  label: string,
  colors: { fill: string; text: string },
  face: FontFace,
): void {
  const style = { face, size: 9, color: colors.text, tracking: 0.6 };
  const band = 22;
  const distance = Math.max(46, ts.measure(label, style) / 2 + band);
  const length = 2 * (distance + band);
  doc.save();
  doc.rect(box.x, box.y, box.width, box.height).clip();
  doc.translate(box.x + box.width, box.y).rotate(45);
  doc.rect(-length / 2, distance - band / 2, length, band).fill(colors.fill);
  ts.drawSpanLine(
    [{ text: label, style }],
    { x: -length / 2, y: distance - band / 2, width: length, height: band },
    'center',
  );
  doc.restore();
}
