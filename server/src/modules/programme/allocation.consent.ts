/**
 * The consent wordings read to a family before recording a device loan, by version. The
 * referral wording speaks of an orientation; this one of the loan, its charter and its retention.
 */
export const ALLOCATION_CONSENT_WORDINGS: Record<string, string> = {
  "pret-2026-11":
    "J'accepte que mes prénom, nom, coordonnées, quartier, langues et besoins d'accessibilité soient " +
    "enregistrés par l'association qui m'accompagne pour le prêt d'un ordinateur, afin qu'elle me " +
    "contacte au sujet de ce prêt et de la charte d'engagement. Seule cette association y a accès ; " +
    "ces données sont effacées un an après la restitution de l'appareil, ou plus tôt à ma demande.",
};

export const CURRENT_ALLOCATION_CONSENT_VERSION = "pret-2026-11";
