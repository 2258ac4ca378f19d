/** The QR code to the listing page, drawn as vector squares (sharp at any print size, a few KB). */
import QRCode from 'qrcode';

/**
 * Draws a QR code for `url` filling a `size`-point square at (x, y), dark modules in `color` on a white
 * quiet zone of two modules (inside the square).
 */
export function drawQrCode(
  doc: PDFKit.PDFDocument,
  url: string,
  x: number,
  y: number,
  size: number,
  color: string,
): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const quiet = 2;
  const cell = size / (count + quiet * 2);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  // One rectangle per horizontal run of dark modules keeps the content stream small.
  for (let row = 0; row < count; row += 1) {
    let start = -1;
    for (let col = 0; col <= count; col += 1) {
      const dark = col < count && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        // A hair of overlap hides anti-aliasing seams between neighbouring rows in some viewers.
        doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell + 0.05);
        start = -1;
      }
    }
  }
  doc.fill(color);
  doc.restore();
}
