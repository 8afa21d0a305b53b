import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isUnstorableText } from '../db/unstorable-text.ts';
import { errorStatus, isAppError, type ErrorCode } from '../errors/app-error.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Fastify's own client errors, named in the API's vocabulary. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the request body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_input', message: 'The Content-Length header does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_input', message: 'The request body is empty; send a JSON document' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_input', message: 'The request body is not valid JSON' },
};

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * One error shape for the whole API. Only AppErrors and known client errors speak to the
 * client; everything else is a 500 carrying the request id and nothing else, and is logged.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => ({
        field: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is invalid',
      }));
      return send(reply, 400, {
        error: { code: 'invalid_input', message: 'Some fields are missing or invalid', details: { fields } },
      });
    }
    if (isAppError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      if (error.code === 'rate_limited' && typeof error.details?.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(Math.max(1, Math.ceil(error.details.retryAfterSeconds))));
      }
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.details) body.error.details = error.details;
      return send(reply, error.status, body);
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return send(reply, errorStatus[known.code], { error: { code: known.code, message: known.message } });
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, { error: { code: 'invalid_request', message: 'The request could not be processed' } });
    }
    if (isUnstorableText(error)) {
      request.log.info({ err: error }, 'refused text the database cannot store');
      return send(reply, 400, {
        error: { code: 'invalid_input', message: 'The request contains characters that cannot be stored (such as a NUL, \\u0000); remove them and try again' },
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, {
      error: { code: 'internal_error', message: 'Something went wrong on our side', details: { requestId: request.id } },
    });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, { error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` } }),
  );
}

