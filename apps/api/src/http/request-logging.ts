import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { REQUEST_COMPLETED } from '../infra/logger';

/**
 * One log line per request, written when the response is sent: method, URL, status and duration (Fastify's
 * default is two records per request, the first with every header). Other lifecycle lines are Fastify's own.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, REQUEST_COMPLETED);
    else reply.log.info(line, REQUEST_COMPLETED);
  }
}
