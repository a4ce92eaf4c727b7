import { z } from 'zod';
import { latSchema, lngSchema, TUNISIA_BOUNDS } from './rides';
import { safeText } from './text';
import { vehicleTypeSchema } from './vehicles';

/** A customer keeps at most this many saved addresses and this many favourite drivers. */
export const SAVED_ADDRESS_LIMIT = 20;
export const FAVOURITE_DRIVER_LIMIT = 50;

const addressLabelSchema = safeText()
  .min(1)
  .max(50)
  .describe('The customer’s name for the place, e.g. "Home", "Dépôt"');

/** Body of POST /api/customers/me/addresses. */
export const saveAddressSchema = z
  .object({
    label: addressLabelSchema,
    lat: latSchema,
    lng: lngSchema,
    address: safeText().min(3).max(300),
  })
  .refine(
    (p) =>
      p.lat >= TUNISIA_BOUNDS.minLat &&
      p.lat <= TUNISIA_BOUNDS.maxLat &&
      p.lng >= TUNISIA_BOUNDS.minLng &&
      p.lng <= TUNISIA_BOUNDS.maxLng,
    { message: 'Truck4u serves Tunisia only: this point is outside the country', path: ['lat'] },
  );
export type SaveAddress = z.infer<typeof saveAddressSchema>;

export const savedAddressSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  createdAt: z.string(),
});
export type SavedAddress = z.infer<typeof savedAddressSchema>;

export const savedAddressParamsSchema = z.object({ id: z.uuid() });

/** Body of PATCH /api/customers/me/addresses/:id: a new name; the place stays (another place is another address). */
export const renameAddressSchema = z.object({ label: addressLabelSchema });
export type RenameAddress = z.infer<typeof renameAddressSchema>;

/** A favourite driver as the customer's list shows them: the public card, nothing private. */
export const favouriteDriverSchema = z.object({
  driverId: z.uuid(),
  firstName: z.string(),
  vehicle: z.object({ type: vehicleTypeSchema, plate: z.string() }),
  rating: z.number().nullable().describe('Average of the ratings received, 1–5; null before the first'),
  ratingCount: z.number().int(),
  ridesTogether: z.number().int().describe('Rides this driver completed for the customer'),
  addedAt: z.string(),
});
export type FavouriteDriver = z.infer<typeof favouriteDriverSchema>;

export const favouriteDriverParamsSchema = z.object({ driverId: z.uuid() });
