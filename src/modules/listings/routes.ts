import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { AppError } from '../../lib/errors.js';
import { createListing } from './create-listing.js';
import { deleteListing } from './delete-listing.js';
import { getImport } from './get-import.js';
import { getListing } from './get-listing.js';
import { importListings } from './import-listings.js';
import { listListings } from './list-listings.js';
import {
  idParams,
  type ListResponse,
  importResponse,
  listingDetailSchema,
  listingInput,
  listingPatch,
  listingSchema,
  listQuery,
  listResponse,
} from './schemas.js';
import { updateListing } from './update-listing.js';

const tags = ['listings'];
const security = [{ bearer: [] }];
const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const writeErrors = { ...readErrors, 409: errorBodySchema };

/** The uploaded CSV of a multipart request, from its one file field `file`. */
async function readCsvUpload(request: FastifyRequest): Promise<{ filename: string | null; csv: string }> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'Send multipart/form-data with the CSV in a field named `file`',
    );
  }
  const file = await request.file();
  if (!file) throw new AppError('bad_request', 'Send the CSV in a multipart file field named `file`');
  if (file.fieldname !== 'file') {
    file.file.resume();
    throw new AppError('bad_request', `Send the CSV in a field named \`file\`, not \`${file.fieldname}\``);
  }
  // toBuffer() throws a 413 error once the upload passes UPLOAD_LIMIT_BYTES.
  const buffer = await file.toBuffer();
  return { filename: file.filename || null, csv: buffer.toString('utf8') };
}

export const listingRoutes =
  ({ db, jobs, auth, config, listingPages, metrics }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    // Remembered list pages are forgotten when the database announces a change to listings. That message
    // reaches this process asynchronously on PostgreSQL, so a write here also forgets them at once: the
    // writer's next read sees its write.
    app.addHook('onSend', async (request) => {
      if (request.method !== 'GET') listingPages.clearLocal();
    });

    app.post(
      '/listings',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Create a listing',
          body: listingInput,
          response: { 201: listingSchema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const listing = await createListing({ db, workspaceId, userId, input: request.body });
        return reply.status(201).send(listing);
      },
    );

    app.get(
      '/listings',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'List listings, newest first by default, one page at a time',
          querystring: listQuery,
          response: { 200: listResponse, ...readErrors },
        },
      },
      async (request, reply) => {
        const { body, remembered } = await listListings({
          db,
          pages: listingPages,
          workspaceId: authOf(request).workspaceId,
          query: request.query,
        });
        metrics.listingPages.inc({ outcome: remembered ? 'hit' : 'miss' });
        // Already JSON in the documented shape, built by the database: Fastify sends a JSON-typed string
        // as it is, without the response serialiser.
        return reply.type('application/json; charset=utf-8').send(body as unknown as ListResponse);
      },
    );

    app.post(
      '/listings/import',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Import listings from a CSV file (all rows or none)',
          description:
            'Multipart upload with one file field `file`. Columns, formats and behaviour: docs/csv-import.md. ' +
            `Up to IMPORT_SYNC_MAX_ROWS (${config.IMPORT_SYNC_MAX_ROWS}) data rows import at once (201); ` +
            'larger files are queued (202) — poll `GET /listings/imports/{id}`. A file with any invalid ' +
            'row answers 422 `import_invalid` with `details.errors: [{line, column, message}]`.',
          consumes: ['multipart/form-data'],
          response: {
            201: importResponse,
            202: importResponse,
            ...writeErrors,
            413: errorBodySchema,
            415: errorBodySchema,
            422: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const upload = await readCsvUpload(request);
        const result = await importListings({
          db,
          jobs,
          syncMaxRows: config.IMPORT_SYNC_MAX_ROWS,
          workspaceId,
          userId,
          ...upload,
        });
        return reply.status(result.queued ? 202 : 201).send({ import: result.import });
      },
    );

    app.get(
      '/listings/imports/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Status, progress and row errors of a CSV import',
          params: idParams,
          response: { 200: importResponse, ...readErrors },
        },
      },
      async (request) => ({
        import: await getImport({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
      }),
    );

    app.get(
      '/listings/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'A listing with its status and price history',
          params: idParams,
          response: { 200: listingDetailSchema, ...readErrors },
        },
      },
      async (request) => getListing({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.patch(
      '/listings/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Change some fields of a listing (address parts merge)',
          params: idParams,
          body: listingPatch,
          response: { 200: listingSchema, ...writeErrors },
        },
      },
      async (request) => {
        const { workspaceId, userId } = authOf(request);
        return updateListing({ db, jobs, workspaceId, userId, id: request.params.id, patch: request.body });
      },
    );

    app.delete(
      '/listings/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Delete a listing and its history',
          params: idParams,
          response: { 204: z.null(), ...readErrors },
        },
      },
      async (request, reply) => {
        await deleteListing({ db, workspaceId: authOf(request).workspaceId, id: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
