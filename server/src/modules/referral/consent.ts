/**
 * The consent wordings read to residents, by version. A referral records the version it was
 * given under; old versions stay here so that past consents remain readable.
 */
export const CONSENT_WORDINGS: Record<string, string> = {
  "2026-11":
    "J'accepte que mes prénom, nom, coordonnées, quartier, langues et besoins d'accessibilité soient " +
    "transmis à la structure vers laquelle je suis orienté·e, pour qu'elle me contacte au sujet de ma " +
    "demande. Seules la structure qui m'oriente et celle qui me reçoit y ont accès ; ces données sont " +
    "effacées un an après la fin de l'orientation, ou plus tôt à ma demande.",
};

export const CURRENT_CONSENT_VERSION = "2026-11";
