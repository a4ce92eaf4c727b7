import {
  FAVOURITE_DRIVER_LIMIT,
  type FavouriteDriver,
  SAVED_ADDRESS_LIMIT,
  type SaveAddress,
  type SavedAddress,
} from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import {
  countAddresses,
  countFavourites,
  deleteAddress,
  deleteFavourite,
  findDriverHistory,
  insertAddress,
  insertFavourite,
  isFavourite,
  listAddresses,
  listFavourites,
  lockCustomer,
  renameAddress,
} from './favourites.repository';

/** A customer's saved addresses and favourite drivers (docs/API.md#saved-addresses-and-favourite-drivers). */
export class FavouritesService {
  constructor(private readonly db: Database) {}

  listAddresses(customerId: string): Promise<SavedAddress[]> {
    return listAddresses(this.db, customerId);
  }

  /** Saves an address; at most SAVED_ADDRESS_LIMIT, counted under the customer's row lock so racing saves cannot pass it. */
  saveAddress(customerId: string, input: SaveAddress): Promise<SavedAddress> {
    return this.db.transaction(async (tx) => {
      if (!(await lockCustomer(tx, customerId))) throw notFound('Customer');
      if ((await countAddresses(tx, customerId)) >= SAVED_ADDRESS_LIMIT) {
        throw new AppError(
          'SAVED_ADDRESS_LIMIT',
          `A customer keeps at most ${SAVED_ADDRESS_LIMIT} saved addresses; delete one first`,
          { details: { limit: SAVED_ADDRESS_LIMIT } },
        );
      }
      return insertAddress(tx, customerId, input);
    });
  }

  /** A new label, in place: the limit does not apply and the address keeps its id. Another customer's is 404. */
  async renameAddress(customerId: string, addressId: string, label: string): Promise<SavedAddress> {
    const renamed = await renameAddress(this.db, customerId, addressId, label);
    if (!renamed) throw notFound('Saved address');
    return renamed;
  }

  /** Another customer's address is 404, exactly like one that does not exist. */
  async deleteAddress(customerId: string, addressId: string): Promise<void> {
    if (!(await deleteAddress(this.db, customerId, addressId))) throw notFound('Saved address');
  }

  listFavourites(customerId: string): Promise<FavouriteDriver[]> {
    return listFavourites(this.db, customerId);
  }

  /**
   * Marks a driver as a favourite; idempotent (`created` false when they already were). Only a driver who
   * completed a ride for this customer qualifies: favourites are asked first and at any distance, a privilege
   * earned by work, not by a driver asking to be added.
   */
  async addFavourite(
    customerId: string,
    driverId: string,
  ): Promise<{ favourite: FavouriteDriver; created: boolean }> {
    const created = await this.db.transaction(async (tx) => {
      if (!(await lockCustomer(tx, customerId))) throw notFound('Customer');
      if (await isFavourite(tx, customerId, driverId)) return false;
      const history = await findDriverHistory(tx, customerId, driverId);
      if (!history) throw notFound('Driver');
      if (history.ridesTogether === 0) {
        throw new AppError(
          'FAVOURITE_NOT_ELIGIBLE',
          'Only a driver who completed a ride for you can be a favourite',
        );
      }
      if ((await countFavourites(tx, customerId)) >= FAVOURITE_DRIVER_LIMIT) {
        throw new AppError(
          'FAVOURITE_LIMIT',
          `A customer keeps at most ${FAVOURITE_DRIVER_LIMIT} favourite drivers; remove one first`,
          { details: { limit: FAVOURITE_DRIVER_LIMIT } },
        );
      }
      return insertFavourite(tx, customerId, driverId);
    });
    const [favourite] = await listFavourites(this.db, customerId, driverId);
    if (!favourite) throw notFound('Driver');
    return { favourite, created };
  }

  /** Idempotent: removing a driver who is not a favourite changes nothing and is not an error. */
  removeFavourite(customerId: string, driverId: string): Promise<void> {
    return deleteFavourite(this.db, customerId, driverId);
  }
}
