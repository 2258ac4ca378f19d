import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../scripts/ensure-web-build.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// The whole product in a real browser (Debian's chromium, never a downloaded one), against the real
// server on a loopback port. The sandbox audience reacts at once (SANDBOX_TIME_SCALE), so a published
// post gets its comments, and comments become inbox threads and leads, within seconds.
const screenshots = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const WAIT = 45_000;

let t: TestApp;
let browser: Browser;
let base: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  await ensureDashboardBuilt({ quiet: true });
  await mkdir(screenshots, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({
    PORT: String(port),
    PUBLIC_URL: base,
    SANDBOX_TIME_SCALE: '1000000',
    // Loopback fetches stay refused, as in production: an uploaded photo's URL is recognised as ours.
  });
  await t.app.listen({ host: '127.0.0.1', port });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Saves a full-page screenshot and checks it is a real picture: the viewport's width, not one flat colour. */
async function snap(page: Page, name: string) {
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  const image = sharp(path);
  const { width, height, format } = await image.metadata();
  expect(format).toBe('png');
  expect(width).toBe(page.viewportSize()?.width);
  expect(height).toBeGreaterThanOrEqual(200);
  const { channels } = await image.stats();
  const spread = Math.max(...channels.slice(0, 3).map((c) => c.stdev));
  expect(spread, `${name}.png looks blank`).toBeGreaterThan(10);
}

async function go(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
}

describe('the dashboard in a browser', () => {
  it('when an agent signs up, connects the sandbox, adds a listing with a photo and starts marketing, then the posts reach the calendar, get published, and the comments land in the inbox and the pipeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    // Sign up
    await page.goto(base);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Ana Ruiz');
    await page.getByLabel('Email').fill(`ana-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('a long passphrase');
    await snap(page, '01-sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();

    // Onboarding: the sandbox is one click away
    await page.getByRole('heading', { name: 'Get started' }).waitFor();
    await page.getByRole('button', { name: 'Connect sandbox Instagram' }).click();
    await page.getByRole('list', { name: 'Connected accounts' }).getByText('@my_listings').waitFor();
    await snap(page, '02-onboarding');

    // A listing with a photo
    await go(page, 'Listings');
    await page.getByText('No listings yet').waitFor();
    await page.getByRole('link', { name: 'New listing' }).click();
    await page.getByLabel('Street').fill('12 Harbor Lane');
    await page.getByLabel('City').fill('Portland');
    await page.getByLabel('State').fill('ME');
    await page.getByLabel('Postal code').fill('04101');
    await page.getByLabel('Price (USD)').fill('689000');
    await page.getByLabel('Bedrooms').fill('3');
    await page.getByLabel('Bathrooms').fill('2.5');
    await page.getByLabel('Features (comma separated)').fill('deck, garage, harbor view');
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#6a9fb5' } })
      .composite([
        {
          input: await sharp({ create: { width: 800, height: 500, channels: 3, background: '#f4d35e' } })
            .png()
            .toBuffer(),
          top: 500,
          left: 400,
        },
      ])
      .jpeg()
      .toBuffer();
    await page
      .getByLabel('Add photos')
      .setInputFiles({ name: 'front.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('img', { name: 'Photo 1' }).waitFor();
    await page.getByRole('button', { name: 'Create listing' }).click();
    await page.getByRole('heading', { name: '12 Harbor Lane' }).waitFor();
    await snap(page, '03-listing-detail');

    // Start marketing: plan → preview in platform frames with the real images → activate
    await page.getByRole('link', { name: 'Start marketing' }).first().click();
    await page.getByRole('button', { name: 'Preview the posts' }).click();
    const frames = page.getByRole('article', { name: 'Instagram post preview' });
    await frames.first().waitFor({ timeout: 90_000 });
    expect(await frames.count()).toBeGreaterThan(0);
    // These tests type-check against Node's library, not the DOM's: page code is typed by hand or text.
    const imageLoaded = await frames
      .first()
      .locator('img')
      .first()
      .evaluate((element) => {
        const img = element as unknown as { decode(): Promise<void>; naturalWidth: number };
        return img.decode().then(() => img.naturalWidth);
      });
    expect(imageLoaded).toBeGreaterThan(0);
    await snap(page, '04-start-marketing-preview');
    await page.getByRole('button', { name: 'Activate campaign' }).click();
    await page.getByText('Campaign active').waitFor();

    // Calendar: the scheduled posts are there, coloured by platform
    await go(page, 'Calendar');
    const chips = page.locator('.chip.platform-instagram');
    await chips.first().waitFor();
    await snap(page, '05-calendar');

    // Posts: publish the first now (the rest keep their schedule); the live stream shows it published
    await go(page, 'Posts');
    await page.getByRole('button', { name: 'Publish now' }).last().click();
    await page.locator('.badge.status-published').first().waitFor();
    await snap(page, '06-posts');

    // The sandbox audience comments; the inbox shows the threads, escalations first
    await go(page, 'Inbox');
    const threads = page.locator('li.thread');
    await threads.first().waitFor();
    await threads.first().getByRole('link').click();
    await page
      .getByRole('region', { name: 'Conversation' })
      .getByRole('button', { name: 'Send reply' })
      .waitFor();
    await snap(page, '07-inbox');

    // … and the interested ones are leads in the pipeline, with the score explained
    await go(page, 'Leads');
    const card = page.locator('.lead-card').first();
    await card.waitFor();
    await snap(page, '08-leads');
    await card.getByRole('link').click();
    await page.getByRole('heading', { name: 'Why this score' }).waitFor();
    await snap(page, '09-lead-detail');

    await go(page, 'Analytics');
    await page.getByText('Reach by network').waitFor();
    await snap(page, '10-analytics');

    await go(page, 'Settings');
    await page.getByRole('heading', { name: 'Members and roles' }).waitFor();
    await page.getByText('Ana Ruiz').first().waitFor();
    await snap(page, '11-settings');

    // At phone width the screens fit: nothing wider than the screen but the tables' own scroll areas
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await go(page, 'Listings');
    await page.getByRole('link', { name: '12 Harbor Lane' }).waitFor();
    const tooWide = await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((el) => !el.closest('.table-wrap') && el.getBoundingClientRect().right > 376)
      .map((el) => el.tagName.toLowerCase() + '.' + el.className)`);
    expect(tooWide).toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await snap(page, '12-listings-phone');

    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
