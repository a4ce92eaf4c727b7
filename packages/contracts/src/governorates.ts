import { z } from 'zod';

/** The 24 governorates of Tunisia with their ISO 3166-2 codes and an approximate administrative centre. */
export const GOVERNORATES = [
  { code: 'TN-11', name: 'Tunis', lat: 36.8065, lng: 10.1815 },
  { code: 'TN-12', name: 'Ariana', lat: 36.8625, lng: 10.1956 },
  { code: 'TN-13', name: 'Ben Arous', lat: 36.7531, lng: 10.2189 },
  { code: 'TN-14', name: 'Manouba', lat: 36.8101, lng: 10.0956 },
  { code: 'TN-21', name: 'Nabeul', lat: 36.4561, lng: 10.7376 },
  { code: 'TN-22', name: 'Zaghouan', lat: 36.4029, lng: 10.1429 },
  { code: 'TN-23', name: 'Bizerte', lat: 37.2744, lng: 9.8739 },
  { code: 'TN-31', name: 'Béja', lat: 36.7256, lng: 9.1817 },
  { code: 'TN-32', name: 'Jendouba', lat: 36.5011, lng: 8.7802 },
  { code: 'TN-33', name: 'Le Kef', lat: 36.1742, lng: 8.7049 },
  { code: 'TN-34', name: 'Siliana', lat: 36.0849, lng: 9.3708 },
  { code: 'TN-41', name: 'Kairouan', lat: 35.6781, lng: 10.0963 },
  { code: 'TN-42', name: 'Kasserine', lat: 35.1676, lng: 8.8365 },
  { code: 'TN-43', name: 'Sidi Bouzid', lat: 35.0382, lng: 9.4849 },
  { code: 'TN-51', name: 'Sousse', lat: 35.8256, lng: 10.6369 },
  { code: 'TN-52', name: 'Monastir', lat: 35.7643, lng: 10.8113 },
  { code: 'TN-53', name: 'Mahdia', lat: 35.5047, lng: 11.0622 },
  { code: 'TN-61', name: 'Sfax', lat: 34.7406, lng: 10.7603 },
  { code: 'TN-71', name: 'Gafsa', lat: 34.425, lng: 8.7842 },
  { code: 'TN-72', name: 'Tozeur', lat: 33.9197, lng: 8.1335 },
  { code: 'TN-73', name: 'Kebili', lat: 33.7044, lng: 8.969 },
  { code: 'TN-81', name: 'Gabès', lat: 33.8815, lng: 10.0982 },
  { code: 'TN-82', name: 'Medenine', lat: 33.3549, lng: 10.5055 },
  { code: 'TN-83', name: 'Tataouine', lat: 32.9297, lng: 10.4518 },
] as const;

export type GovernorateCode = (typeof GOVERNORATES)[number]['code'];
export const GOVERNORATE_CODES = GOVERNORATES.map((g) => g.code) as [GovernorateCode, ...GovernorateCode[]];
export const governorateCodeSchema = z.enum(GOVERNORATE_CODES);

export const governorateSchema = z.object({ code: governorateCodeSchema, name: z.string() });
export type Governorate = z.infer<typeof governorateSchema>;
