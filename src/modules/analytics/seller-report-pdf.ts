import type { SellerReport } from './seller-report.js';

/** Posts listed one per row; beyond this the report says how many more, so it stays one or two pages. */
const MAX_POST_ROWS = 40;

const money = (value: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
    value,
  );
const number = (value: number) => value.toLocaleString('en-US');
const day = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleDateString('en-US', {
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : '—';

/**
 * The seller report as a Letter PDF (one page, two with many posts), in PDF's built-in Helvetica so the
 * text stays extractable. pdfkit is loaded on first use: most processes never make a report.
 */
export async function sellerReportPdf(report: SellerReport): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 48,
    info: { Title: `Marketing report: ${report.listing.address}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const { listing, brand, totals } = report;

  doc.font('Helvetica-Bold').fontSize(20).fillColor('#1d1d1f').text('Marketing report');
  doc.font('Helvetica').fontSize(13).text(listing.address);
  const facts = [
    money(listing.price),
    listing.beds !== null ? `${listing.beds} bd` : null,
    listing.baths !== null ? `${listing.baths} ba` : null,
    listing.interiorSqft !== null ? `${number(listing.interiorSqft)} sq ft` : null,
    `status: ${listing.status.replace(/_/g, ' ')}`,
  ].filter(Boolean);
  doc.fontSize(10).fillColor('#555').text(facts.join(' · '));
  const by = [brand.agentName, brand.brokerage, brand.phone, brand.email].filter(Boolean).join(' · ');
  if (by) doc.text(`Prepared by ${by}`);
  doc.text(`As of ${day(report.generatedAt)}`);
  doc.moveDown();

  doc.font('Helvetica-Bold').fontSize(13).fillColor('#1d1d1f').text('Totals');
  const summary: [string, number][] = [
    ['Posts', totals.posts],
    ['Reach', totals.reach],
    ['Engagement', totals.engagement],
    ['Clicks', totals.clicks],
    ['Page views', report.pageViews],
    ['Inquiries', report.inquiries],
  ];
  const cell = width / summary.length;
  const top = doc.y + 4;
  summary.forEach(([label, value], index) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(number(value), left + index * cell, top, { width: cell });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#555')
      .text(label, left + index * cell, top + 20, { width: cell });
    doc.fillColor('#1d1d1f');
  });
  doc.x = left;
  doc.y = top + 40;
  doc.moveDown();

  const table = (headers: string[], rows: string[][], widths: number[]) => {
    const line = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
      const y = doc.y;
      let x = left;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      cells.forEach((text, index) => {
        doc.text(text, x, y, { width: widths[index]! - 6, lineBreak: false, ellipsis: true });
        x += widths[index]!;
      });
      doc.x = left;
      doc.y = y + 14;
    };
    line(headers, true);
    for (const row of rows) line(row, false);
    doc.moveDown();
  };
  const metricWidths = [0.16, 0.12, 0.14, 0.12, 0.12].map((share) => share * width);

  doc.font('Helvetica-Bold').fontSize(13).text('By platform', left);
  table(
    ['Platform', 'Posts', 'Reach', 'Engagement', 'Clicks', 'Inquiries'],
    report.byPlatform.map((row) => [
      row.platform,
      number(row.posts),
      number(row.reach),
      number(row.engagement),
      number(row.clicks),
      number(row.leads),
    ]),
    [0.26 * width, ...metricWidths],
  );

  if (report.campaigns.length > 0) {
    doc.font('Helvetica-Bold').fontSize(13).text('Campaigns', left);
    table(
      ['Campaign', 'Started', 'Status', 'Posts', 'Reach', 'Clicks'],
      report.campaigns.map((campaign) => [
        campaign.name,
        day(campaign.startAt),
        campaign.status,
        number(campaign.totals.posts),
        number(campaign.totals.reach),
        number(campaign.totals.clicks),
      ]),
      [0.4 * width, 0.16 * width, 0.14 * width, 0.1 * width, 0.1 * width, 0.1 * width],
    );
  }

  doc.font('Helvetica-Bold').fontSize(13).text('Posts', left);
  table(
    ['Date', 'Platform', 'Reach', 'Engagement', 'Clicks', 'Inquiries', 'Link'],
    report.posts
      .slice(0, MAX_POST_ROWS)
      .map((post) => [
        day(post.publishedAt),
        `${post.platform} @${post.handle}`,
        number(post.reach),
        number(post.engagement),
        number(post.clicks),
        number(post.leads),
        post.permalink ?? '',
      ]),
    [0.13, 0.22, 0.09, 0.12, 0.08, 0.1, 0.26].map((share) => share * width),
  );
  if (report.posts.length > MAX_POST_ROWS) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(`…and ${report.posts.length - MAX_POST_ROWS} more posts.`, left);
  }
  doc.end();
  return done;
}
