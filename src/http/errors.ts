import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../lib/errors.js';

export const errorBodySchema = z
  .object({
    code: z.string().describe('Machine-readable error code'),
    message: z.string(),
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error' });

const codeByStatus: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Turns anything thrown into `{code, message, details?}`; 5xx answers never carry internals. */
function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((issue) => ({
      field: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}`,
      message: issue.message,
    }));
    return new AppError('validation_failed', 'The request is not valid', { fields });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new AppError('invalid_json', 'The body is not valid JSON');
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return new AppError('invalid_json', 'The body is not valid JSON');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new AppError(codeByStatus[status] ?? 'bad_request', error.message || 'Bad request');
  }
  return new AppError('internal_error', 'Something went wrong on our side');
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(appError.status).send({ ...appError.toBody(), details: { requestId: request.id } });
    }
    return reply.status(appError.status).send(appError.toBody());
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(
        new AppError(
          'route_not_found',
          `No route for ${request.method} ${request.url.split('?')[0]}`,
        ).toBody(),
      ),
  );
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in the URL or a JSON body is refused up front
 * with a 400 instead of failing deep in a query.
 */
export function rejectNulCharacters(app: FastifyInstance) {
  const refuse = () => new AppError('bad_request', 'Text must not contain NUL (U+0000) characters');
  app.addHook('onRequest', async (request) => {
    if (/%00/i.test(request.url)) throw refuse();
  });
  // Same JSON parser as Fastify's default (prototype-poisoning safe), plus the NUL check.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.includes('\\u0000')) {
      done(refuse(), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
