import {
  favouriteDriverParamsSchema,
  favouriteDriverSchema,
  renameAddressSchema,
  saveAddressSchema,
  savedAddressParamsSchema,
  savedAddressSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { FavouritesService } from './favourites.service';

const security = [{ bearerAuth: [] }];
const tags = ['customers'];
const noContent = z.null().describe('No content');

export const favouritesRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  favourites: FavouritesService;
}> = async (app, { authenticator, favourites }) => {
  const customerOnly = requireAuth(authenticator, 'customer');

  app.get(
    '/api/customers/me/addresses',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'The caller’s saved addresses, newest first',
        response: { 200: z.object({ items: z.array(savedAddressSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await favourites.listAddresses(authOf(request).userId) }),
  );

  app.post(
    '/api/customers/me/addresses',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary:
          'Save an address `{ label, lat, lng, address }` (Tunisia only); at most 20 (409 SAVED_ADDRESS_LIMIT)',
        body: saveAddressSchema,
        response: { 201: savedAddressSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await favourites.saveAddress(authOf(request).userId, request.body)),
  );

  app.patch(
    '/api/customers/me/addresses/:id',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary:
          'Rename one of the caller’s saved addresses `{ label }`; the place and id stay; 404 for any other',
        params: savedAddressParamsSchema,
        body: renameAddressSchema,
        response: { 200: savedAddressSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      favourites.renameAddress(authOf(request).userId, request.params.id, request.body.label),
  );

  app.delete(
    '/api/customers/me/addresses/:id',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'Delete one of the caller’s saved addresses; 404 for any other',
        params: savedAddressParamsSchema,
        response: { 204: noContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await favourites.deleteAddress(authOf(request).userId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/customers/me/favourite-drivers',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'The caller’s favourite drivers with their public card (first name, vehicle, rating)',
        response: { 200: z.object({ items: z.array(favouriteDriverSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await favourites.listFavourites(authOf(request).userId) }),
  );

  app.put(
    '/api/customers/me/favourite-drivers/:driverId',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'Make a driver a favourite (idempotent: 201 when added, 200 when already one)',
        description:
          'Only a driver who completed a ride for the caller (409 FAVOURITE_NOT_ELIGIBLE); at most 50 (409 FAVOURITE_LIMIT); an unknown driver is 404.',
        params: favouriteDriverParamsSchema,
        response: {
          200: favouriteDriverSchema,
          201: favouriteDriverSchema,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { favourite, created } = await favourites.addFavourite(
        authOf(request).userId,
        request.params.driverId,
      );
      return reply.status(created ? 201 : 200).send(favourite);
    },
  );

  app.delete(
    '/api/customers/me/favourite-drivers/:driverId',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'Remove a driver from the caller’s favourites (204, also when they were not one)',
        params: favouriteDriverParamsSchema,
        response: { 204: noContent, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await favourites.removeFavourite(authOf(request).userId, request.params.driverId);
      return reply.status(204).send(null);
    },
  );
};
