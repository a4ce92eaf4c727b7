import type { favouritesFr } from './favourites.fr';

type Widen<T> = T extends string ? string : { readonly [K in keyof T]: Widen<T[K]> };

export const favouritesEn: Widen<typeof favouritesFr> = {
  profile: {
    navLabel: 'My profile',
    title: 'My profile',
  },
  addresses: {
    title: 'Saved addresses',
    empty: 'No saved address yet. Save the places you use often to pick them in one tap.',
    add: 'Add an address',
    label: 'Name of the place (e.g. Home, Depot)',
    place: 'Address',
    save: 'Save',
    rename: 'Rename',
    delete: 'Delete',
    count: '{count} of {max}',
    pick: 'My addresses',
    saveThis: 'Save this address',
    saved: 'Address saved: {label}',
  },
  favourites: {
    title: 'Favourite drivers',
    empty: 'No favourites yet. After a completed ride, add the driver from their card.',
    add: 'Add to favourites',
    remove: 'Remove from favourites',
    isFavourite: 'Favourite driver',
    ridesTogether: '{count} ride(s) with you',
    first: 'Offer to my favourite drivers first',
    firstHint: 'Your online favourites get the request first, then drivers nearby.',
  },
  routeStops: {
    title: 'Stops on the way',
    hint: 'Up to {max} stops between pickup and dropoff, in the order the driver calls at them.',
    add: 'Add a stop',
    stop: 'Stop {index}',
    note: 'Note for the driver (optional)',
    remove: 'Remove stop {index}',
    up: 'Move stop {index} earlier',
    down: 'Move stop {index} later',
    needPlace: 'Choose an address for every stop, or remove it.',
    onMap: 'Stop {index}',
    status: {
      PENDING: 'Coming up',
      ARRIVED: 'Driver there',
      DONE: 'Done',
    },
  },
  criteria: {
    title: 'In detail (optional)',
    hint: 'Rate all three, or none.',
    incomplete: 'Rate all three, or clear them.',
    clear: 'Clear',
    punctuality: 'Punctuality',
    care: 'Care of the goods',
    communication: 'Communication',
  },
};
