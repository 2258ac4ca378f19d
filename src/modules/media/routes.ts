import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { AppError } from '../../lib/errors.js';
import { deleteMedia } from './delete-media.js';
import { getMedia } from './get-media.js';
import { importFromUrl } from './import-from-url.js';
import { listMedia } from './list-media.js';
import { openMediaFile } from './read-media.js';
import { saveMedia } from './save-media.js';
import {
  fileParams,
  fileQuery,
  idParams,
  importBody,
  importResponse,
  listQuery,
  listResponse,
  mediaSchema,
  updateMediaBody,
  uploadFields,
} from './schemas.js';
import { updateMedia } from './update-media.js';

const tags = ['media'];
const security = [{ bearer: [] }];
const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** The image of a multipart upload (field `file`) and its optional text fields `altText`, `listingId`. */
async function readImageUpload(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'Send multipart/form-data with the image in a field named `file`',
    );
  }
  let data: Buffer | null = null;
  const fields: Record<string, unknown> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || data) {
        part.file.resume();
        throw new AppError('bad_request', 'Send one image, in a field named `file`');
      }
      // toBuffer() throws a 413 error once the upload passes UPLOAD_LIMIT_BYTES.
      data = await part.toBuffer();
    } else {
      fields[part.fieldname] = part.value;
    }
  }
  if (!data) throw new AppError('bad_request', 'Send the image in a multipart file field named `file`');
  const parsed = uploadFields.safeParse(fields);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The request is not valid', {
      fields: parsed.error.issues.map((issue) => ({
        field: `body.${issue.path.join('.')}`,
        message: issue.message,
      })),
    });
  }
  return { data, ...parsed.data };
}

export const mediaRoutes =
  ({ db, auth, config, storage, mediaUrls: urls }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/media',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Upload an image to the media library',
          description:
            'Multipart upload: the image in field `file`, optional fields `altText` and `listingId`. JPEG, PNG ' +
            'or WebP, judged by content; up to UPLOAD_LIMIT_BYTES. Location and other metadata are removed; ' +
            '`thumb` (320 px) and `large` (1440 px) JPEG sizes are made. A file that is not such an image ' +
            'answers 415 `unsupported_media`.',
          consumes: ['multipart/form-data'],
          response: { 201: mediaSchema, ...readErrors, 413: errorBodySchema, 415: errorBodySchema },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const upload = await readImageUpload(request);
        const { created: _created, ...media } = await saveMedia({
          db,
          storage,
          urls,
          workspaceId,
          userId,
          kind: 'upload',
          maxPixels: config.MEDIA_MAX_PIXELS,
          ...upload,
        });
        return reply.status(201).send(media);
      },
    );

    app.post(
      '/media/import',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Import an image from a public URL (once per URL)',
          description:
            'Fetches the URL (http or https; redirects followed up to 3 times) and stores the image like an ' +
            'upload. Addresses of private, loopback, link-local and other internal networks are refused at ' +
            'every hop: 422 `fetch_refused`. An unreachable server, an error status, a timeout or a file past ' +
            'UPLOAD_LIMIT_BYTES: 422 `fetch_failed`. A URL imported before answers 200 with the existing item.',
          body: importBody,
          response: {
            200: importResponse,
            201: importResponse,
            ...readErrors,
            415: errorBodySchema,
            422: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const result = await importFromUrl({
          db,
          storage,
          urls,
          config,
          workspaceId,
          userId,
          ...request.body,
        });
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );

    app.get(
      '/media',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'List the media library, newest first, one page at a time',
          querystring: listQuery,
          response: { 200: listResponse, ...readErrors },
        },
      },
      async (request) =>
        listMedia({ db, urls, workspaceId: authOf(request).workspaceId, query: request.query }),
    );

    app.get(
      '/media/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'A media item with freshly signed URLs',
          params: idParams,
          response: { 200: mediaSchema, ...readErrors },
        },
      },
      async (request) =>
        getMedia({ db, urls, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.patch(
      '/media/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Change the alt text of a media item',
          params: idParams,
          body: updateMediaBody,
          response: { 200: mediaSchema, ...readErrors },
        },
      },
      async (request) =>
        updateMedia({
          db,
          urls,
          workspaceId: authOf(request).workspaceId,
          id: request.params.id,
          changes: request.body,
        }),
    );

    app.delete(
      '/media/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Delete a media item and its files (a brand kit logo using it is cleared)',
          params: idParams,
          response: { 204: z.null(), ...readErrors },
        },
      },
      async (request, reply) => {
        await deleteMedia({ db, storage, workspaceId: authOf(request).workspaceId, id: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };

/**
 * The files behind signed URLs, `/media/{id}/{variant}?expires&signature`. No credentials: social
 * platforms fetch them. Left out of the OpenAPI document (links come from the API, not from clients).
 */
export const mediaFileRoutes =
  ({ db, storage, mediaUrls: urls }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/media/:id/:variant',
      { schema: { hide: true, params: fileParams, querystring: fileQuery } },
      async (request, reply) => {
        const { id, variant } = request.params;
        const { expires, signature } = request.query;
        const verdict = urls.check(id, variant, expires, signature);
        if (verdict === 'invalid') throw new AppError('forbidden', 'This media link is not valid');
        if (verdict === 'expired')
          throw new AppError('gone', 'This media link has expired; request a new one');
        const file = await openMediaFile({ db, storage, id, variant });
        const secondsLeft = Math.max(0, Number(expires) - Math.floor(Date.now() / 1000));
        return (
          reply
            .header('content-type', file.contentType)
            .header('content-length', file.bytes)
            // The bytes behind a link never change; caches may keep them until the link expires.
            .header('cache-control', `public, max-age=${secondsLeft}, immutable`)
            // Pages and apps on other origins may embed the image.
            .header('cross-origin-resource-policy', 'cross-origin')
            .send(file.stream)
        );
      },
    );
  };
