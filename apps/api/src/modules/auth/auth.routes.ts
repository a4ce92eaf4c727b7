import {
  authResponseSchema,
  codeSentResponseSchema,
  loginRequestSchema,
  logoutRequestSchema,
  otpRequestSchema,
  otpVerifySchema,
  passwordForgotSchema,
  passwordResetSchema,
  refreshRequestSchema,
  registerRequestSchema,
  tokenPairSchema,
} from '@truck4u/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { AuthService } from './auth.service';
import type { Authenticator } from './authenticator';
import type { ClientInfo } from './sessions.service';

const clientOf = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});
const noContent = z.null().describe('No content');
const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; authenticator: Authenticator }> = async (
  app,
  { auth, authenticator },
) => {
  app.post(
    '/api/auth/register',
    {
      schema: {
        tags,
        summary: 'Create a customer (B2C, or B2B with company) or driver account and log it in',
        body: registerRequestSchema,
        response: { 201: authResponseSchema, ...errorResponses(400, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.register(request.body, clientOf(request))),
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with phone and password',
        body: loginRequestSchema,
        response: { 200: authResponseSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => auth.login(request.body, clientOf(request)),
  );

  app.post(
    '/api/auth/otp/request',
    {
      schema: {
        tags,
        summary: 'Send a one-time login code by SMS (same answer whether or not the phone has an account)',
        body: otpRequestSchema,
        response: { 202: codeSentResponseSchema, ...errorResponses(400, 429, 503) },
      },
    },
    async (request, reply) => {
      const { expiresInSeconds } = await auth.requestLoginCode(
        request.body.role,
        request.body.phone,
        request.ip,
      );
      return reply.status(202).send({ sent: true, expiresInSeconds });
    },
  );

  app.post(
    '/api/auth/otp/verify',
    {
      schema: {
        tags,
        summary: 'Log in with a one-time SMS code (5 tries per code)',
        body: otpVerifySchema,
        response: { 200: authResponseSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => auth.verifyLoginCode(request.body, clientOf(request)),
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair; each refresh token works once',
        body: refreshRequestSchema,
        response: { 200: tokenPairSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => auth.refresh(request.body.refreshToken, clientOf(request)),
  );

  app.post(
    '/api/auth/logout',
    {
      onRequest: requireAuth(authenticator),
      schema: {
        tags,
        summary: 'End this session: the access token and its refresh tokens stop working at once',
        security: [{ bearerAuth: [] }],
        body: logoutRequestSchema,
        response: { 204: noContent, ...errorResponses(400, 401, 503) },
      },
    },
    async (request, reply) => {
      await auth.logout(authOf(request).claims, request.body?.refreshToken);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout-all',
    {
      onRequest: requireAuth(authenticator),
      schema: {
        tags,
        summary: 'End every session of this account on every device',
        security: [{ bearerAuth: [] }],
        response: { 204: noContent, ...errorResponses(401, 503) },
      },
    },
    async (request, reply) => {
      const { role, userId } = authOf(request);
      await auth.logoutAll({ role, id: userId });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password/forgot',
    {
      schema: {
        tags,
        summary: 'Send a password reset code by SMS (same answer whether or not the phone has an account)',
        body: passwordForgotSchema,
        response: { 202: codeSentResponseSchema, ...errorResponses(400, 429, 503) },
      },
    },
    async (request, reply) => {
      const { expiresInSeconds } = await auth.requestPasswordReset(
        request.body.role,
        request.body.phone,
        request.ip,
      );
      return reply.status(202).send({ sent: true, expiresInSeconds });
    },
  );

  app.post(
    '/api/auth/password/reset',
    {
      schema: {
        tags,
        summary: 'Set a new password with the SMS code; ends every session of the account',
        body: passwordResetSchema,
        response: { 204: noContent, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await auth.resetPassword(request.body, request.ip);
      return reply.status(204).send(null);
    },
  );
};
