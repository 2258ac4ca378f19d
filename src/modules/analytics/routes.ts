import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { campaignAnalytics } from './campaign-analytics.js';
import { listingAnalytics } from './listing-analytics.js';
import { byPlatform, postMetrics, totalsOf } from './post-metrics.js';
import {
  campaignAnalyticsSchema,
  idParams,
  listingAnalyticsSchema,
  postsAnalytics,
  postsQuery,
  reportQuery,
  sellerReportSchema,
} from './schemas.js';
import { sellerReport } from './seller-report.js';
import { sellerReportPdf } from './seller-report-pdf.js';

const tags = ['analytics'];
const security = [{ bearer: [] }];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const analyticsRoutes =
  ({ db, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/analytics/posts',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary:
            'Reach, engagement, clicks and leads of published posts (optionally of a campaign or listing)',
          querystring: postsQuery,
          response: { 200: postsAnalytics, ...errors },
        },
      },
      async (request) => {
        const items = await postMetrics({ db, workspaceId: authOf(request).workspaceId, ...request.query });
        return { totals: totalsOf(items), byPlatform: byPlatform(items), items };
      },
    );

    app.get(
      '/analytics/campaigns/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: "A campaign's results: totals, per platform and per post",
          params: idParams,
          response: { 200: campaignAnalyticsSchema, ...errors },
        },
      },
      async (request) =>
        campaignAnalytics({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.get(
      '/analytics/listings/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: "A listing's results: page views, inquiries, totals per campaign, platform and post",
          params: idParams,
          response: { 200: listingAnalyticsSchema, ...errors },
        },
      },
      async (request) =>
        listingAnalytics({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.get(
      '/listings/:id/report',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'The seller report: JSON, or a PDF with `?format=pdf` or `Accept: application/pdf`',
          params: idParams,
          querystring: reportQuery,
          produces: ['application/json', 'application/pdf'],
          response: {
            200: sellerReportSchema.or(z.string().describe('The PDF (application/pdf)')),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const report = await sellerReport({
          db,
          workspaceId: authOf(request).workspaceId,
          id: request.params.id,
        });
        const wantsPdf =
          request.query.format === 'pdf' ||
          (request.query.format === undefined && (request.headers.accept ?? '').includes('application/pdf'));
        if (!wantsPdf) return report;
        const pdf = await sellerReportPdf(report);
        return reply
          .type('application/pdf')
          .header('content-disposition', 'inline; filename="seller-report.pdf"')
          .send(pdf as unknown as string);
      },
    );
  };
