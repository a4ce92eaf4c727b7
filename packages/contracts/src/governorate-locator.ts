import { GOVERNORATES, type GovernorateCode } from './governorates';
import { haversineMeters, type LatLng } from './pricing';

/**
 * Which governorate a point lies in, without shipping boundary polygons: the governorate of the nearest of
 * about a hundred anchor towns (each governorate's seat plus its main towns, spread to cover its territory).
 * Nearest-seat alone misplaces large parts of the big southern and western governorates; the extra anchors
 * pull the implied borders towards the real ones. Accuracy: exact in towns, uncertain within roughly 5–15 km
 * of a border (docs/PRICING.md). It decides a commission rate, so a near-border error costs a rate
 * difference on one ride, never a failed ride.
 */
const ANCHORS: ReadonlyArray<readonly [GovernorateCode, number, number]> = [
  ['TN-11', 36.8065, 10.1815], // Tunis
  ['TN-11', 36.8782, 10.3247], // La Marsa
  ['TN-11', 36.809, 10.135], // Le Bardo
  ['TN-11', 36.77, 10.12], // Sijoumi
  ['TN-12', 36.8625, 10.1956], // Ariana
  ['TN-12', 36.95, 10.18], // Raoued
  ['TN-12', 37.06, 10.12], // Kalaat el Andalous
  ['TN-12', 36.91, 10.04], // Sidi Thabet
  ['TN-13', 36.7531, 10.2189], // Ben Arous
  ['TN-13', 36.73, 10.34], // Hammam Lif
  ['TN-13', 36.68, 10.29], // Mornag
  ['TN-13', 36.68, 10.16], // Mohamedia
  ['TN-14', 36.8101, 10.0956], // Manouba
  ['TN-14', 36.83, 9.84], // Tebourba
  ['TN-14', 36.76, 10.01], // Mornaguia
  ['TN-14', 36.8, 9.84], // El Battan
  ['TN-21', 36.4561, 10.7376], // Nabeul
  ['TN-21', 36.4, 10.61], // Hammamet
  ['TN-21', 36.85, 11.1], // Kelibia
  ['TN-21', 36.6, 10.5], // Grombalia
  ['TN-21', 36.78, 10.99], // Menzel Temime
  ['TN-21', 36.95, 10.9], // El Haouaria
  ['TN-22', 36.4029, 10.1429], // Zaghouan
  ['TN-22', 36.37, 9.9], // El Fahs
  ['TN-22', 36.12, 10.1], // Nadhour
  ['TN-23', 37.2744, 9.8739], // Bizerte
  ['TN-23', 37.04, 9.66], // Mateur
  ['TN-23', 37.15, 9.79], // Menzel Bourguiba
  ['TN-23', 37.22, 10.12], // Ras Jebel
  ['TN-23', 37.06, 9.24], // Sejnane
  ['TN-31', 36.7256, 9.1817], // Béja
  ['TN-31', 36.65, 9.61], // Medjez el Bab
  ['TN-31', 36.55, 9.44], // Testour
  ['TN-31', 36.98, 9.08], // Nefza
  ['TN-32', 36.5011, 8.7802], // Jendouba
  ['TN-32', 36.95, 8.76], // Tabarka
  ['TN-32', 36.78, 8.69], // Ain Draham
  ['TN-32', 36.61, 8.97], // Bou Salem
  ['TN-32', 36.45, 8.44], // Ghardimaou
  ['TN-33', 36.1742, 8.7049], // Le Kef
  ['TN-33', 35.89, 8.55], // Tajerouine
  ['TN-33', 35.95, 8.83], // Dahmani
  ['TN-33', 36.22, 8.36], // Sakiet Sidi Youssef
  ['TN-34', 36.0849, 9.3708], // Siliana
  ['TN-34', 35.86, 9.2], // Makthar
  ['TN-34', 36.32, 9.33], // Gaafour
  ['TN-34', 36.35, 9.62], // Bou Arada
  ['TN-41', 35.6781, 10.0963], // Kairouan
  ['TN-41', 35.63, 9.67], // Haffouz
  ['TN-41', 35.93, 10.02], // Sbikha
  ['TN-41', 35.85, 9.58], // Oueslatia
  ['TN-41', 35.36, 10.05], // Bou Hajla
  ['TN-42', 35.1676, 8.8365], // Kasserine
  ['TN-42', 35.23, 9.13], // Sbeitla
  ['TN-42', 34.95, 8.57], // Feriana
  ['TN-42', 35.57, 8.67], // Thala
  ['TN-42', 35.34, 8.63], // Foussana
  ['TN-43', 35.0382, 9.4849], // Sidi Bouzid
  ['TN-43', 34.86, 9.79], // Regueb
  ['TN-43', 34.61, 9.61], // Meknassy
  ['TN-43', 35.27, 9.42], // Jelma
  ['TN-43', 34.58, 9.42], // Menzel Bouzaiane
  ['TN-51', 35.8256, 10.6369], // Sousse
  ['TN-51', 36.13, 10.38], // Enfidha
  ['TN-51', 35.73, 10.58], // Msaken
  ['TN-51', 35.96, 10.47], // Sidi Bou Ali
  ['TN-52', 35.7643, 10.8113], // Monastir
  ['TN-52', 35.63, 10.9], // Moknine
  ['TN-52', 35.62, 10.76], // Jemmal
  ['TN-53', 35.5047, 11.0622], // Mahdia
  ['TN-53', 35.3, 10.71], // El Jem
  ['TN-53', 35.24, 11.11], // Chebba
  ['TN-53', 35.42, 10.99], // Ksour Essef
  ['TN-53', 35.34, 10.55], // Souassi
  ['TN-61', 34.7406, 10.7603], // Sfax
  ['TN-61', 35.03, 10.91], // Jebeniana
  ['TN-61', 34.3, 10.07], // Skhira
  ['TN-61', 34.74, 10.53], // Agareb
  ['TN-61', 34.74, 10.1], // Bir Ali Ben Khalifa
  ['TN-61', 34.71, 11.19], // Kerkennah (Remla)
  ['TN-71', 34.425, 8.7842], // Gafsa
  ['TN-71', 34.32, 8.4], // Metlaoui
  ['TN-71', 34.38, 8.15], // Redeyef
  ['TN-71', 34.34, 8.95], // El Guettar
  ['TN-72', 33.9197, 8.1335], // Tozeur
  ['TN-72', 33.87, 7.88], // Nefta
  ['TN-72', 33.98, 8.21], // Degache
  ['TN-72', 34.38, 7.94], // Tamerza
  ['TN-73', 33.7044, 8.969], // Kebili
  ['TN-73', 33.46, 9.02], // Douz
  ['TN-73', 33.35, 8.67], // El Faouar
  ['TN-73', 32.5, 9.1], // Grand Erg, south of Douz
  ['TN-81', 33.8815, 10.0982], // Gabès
  ['TN-81', 33.63, 10.29], // Mareth
  ['TN-81', 33.89, 9.8], // El Hamma
  ['TN-81', 33.54, 9.97], // Matmata
  ['TN-82', 33.3549, 10.5055], // Medenine
  ['TN-82', 33.5, 11.11], // Zarzis
  ['TN-82', 33.88, 10.86], // Houmt Souk (Djerba)
  ['TN-82', 33.14, 11.22], // Ben Gardane
  ['TN-82', 33.81, 10.99], // Midoun (Djerba)
  ['TN-83', 32.9297, 10.4518], // Tataouine
  ['TN-83', 32.31, 10.4], // Remada
  ['TN-83', 32.02, 10.7], // Dhehiba
  ['TN-83', 33.06, 10.34], // Ghomrassen
  ['TN-83', 31.69, 9.19], // El Borma
];

const NAMES = new Map<GovernorateCode, string>(GOVERNORATES.map((g) => [g.code, g.name]));

export interface LocatedGovernorate {
  code: GovernorateCode;
  name: string;
}

export function governorateAt(point: LatLng): LocatedGovernorate {
  let best: GovernorateCode = 'TN-11';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [code, lat, lng] of ANCHORS) {
    const distance = haversineMeters(point, { lat, lng });
    if (distance < bestDistance) {
      bestDistance = distance;
      best = code;
    }
  }
  return { code: best, name: NAMES.get(best) ?? best };
}

/** For tests and docs: how many anchors each governorate has. */
export function anchorCount(code: GovernorateCode): number {
  return ANCHORS.filter(([anchorCode]) => anchorCode === code).length;
}
