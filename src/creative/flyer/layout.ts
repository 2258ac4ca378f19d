/** What a flyer layout is: where its photos go (so they are resized before drawing) and how it draws. */
import type { FlyerContent } from './flyer-content.js';
import type { Box, Typesetter } from './typeset.js';

export interface PageSize {
  width: number;
  height: number;
}

export interface PreparedLogo {
  image: Buffer;
  /** Drawn size in points (fits the layout's logo box). */
  width: number;
  height: number;
}

export interface LayoutInput {
  doc: PDFKit.PDFDocument;
  ts: Typesetter;
  page: PageSize;
  content: FlyerContent;
  /** One per slot from `photoSlots`, resized to it; null where a photo could not be decoded. */
  photos: (Buffer | null)[];
  slots: Box[];
  logo: PreparedLogo | null;
  /** `#rrggbb`. */
  primaryColor: string;
  accentColor: string;
}

export interface FlyerLayout {
  /** Photos used at most (the first ones). */
  maxPhotos: number;
  /** Where `count` photos (≤ maxPhotos) are drawn on this page. */
  photoSlots(page: PageSize, count: number): Box[];
  /** The box the logo is fitted into. */
  logoBox(page: PageSize): Pick<Box, 'width' | 'height'>;
  /** Draws the whole page. Everything stays inside the page: text is fitted, never wrapped by pdfkit. */
  draw(input: LayoutInput): void;
}
