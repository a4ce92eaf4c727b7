/**
 * Strings of the repeat-customer screens: saved addresses, favourite drivers, stops between pickup and dropoff
 * and the rating criteria. French first; the other catalogues must have exactly these keys.
 */
export const favouritesFr = {
  profile: {
    navLabel: 'Mon profil',
    title: 'Mon profil',
  },
  addresses: {
    title: 'Adresses enregistrées',
    empty: 'Aucune adresse enregistrée. Enregistrez vos lieux habituels pour les choisir en un geste.',
    add: 'Ajouter une adresse',
    label: 'Nom du lieu (ex. Maison, Dépôt)',
    place: 'Adresse',
    save: 'Enregistrer',
    rename: 'Renommer',
    delete: 'Supprimer',
    count: '{count} sur {max}',
    pick: 'Mes adresses',
    saveThis: 'Enregistrer cette adresse',
    saved: 'Adresse enregistrée : {label}',
  },
  favourites: {
    title: 'Chauffeurs favoris',
    empty: 'Aucun favori. Après une course terminée, ajoutez le chauffeur depuis sa fiche.',
    add: 'Ajouter aux favoris',
    remove: 'Retirer des favoris',
    isFavourite: 'Chauffeur favori',
    ridesTogether: '{count} course(s) avec vous',
    first: 'Proposer d’abord à mes chauffeurs favoris',
    firstHint: 'Vos favoris en ligne reçoivent la demande en premier, puis les chauffeurs proches.',
  },
  routeStops: {
    title: 'Arrêts en route',
    hint: 'Jusqu’à {max} arrêts entre le chargement et la livraison, dans l’ordre de passage.',
    add: 'Ajouter un arrêt',
    stop: 'Arrêt {index}',
    note: 'Note pour le chauffeur (facultatif)',
    remove: 'Retirer l’arrêt {index}',
    up: 'Avancer l’arrêt {index}',
    down: 'Reculer l’arrêt {index}',
    needPlace: 'Choisissez une adresse pour chaque arrêt, ou retirez-le.',
    onMap: 'Arrêt {index}',
    status: {
      PENDING: 'À venir',
      ARRIVED: 'Sur place',
      DONE: 'Terminé',
    },
  },
  criteria: {
    title: 'En détail (facultatif)',
    hint: 'Notez les trois points, ou aucun.',
    incomplete: 'Notez les trois points, ou effacez-les.',
    clear: 'Effacer',
    punctuality: 'Ponctualité',
    care: 'Soin de la marchandise',
    communication: 'Communication',
  },
};
