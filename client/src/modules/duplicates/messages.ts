import { defineMessages } from "@/app/i18n/define-messages";

export const duplicatesMessages = defineMessages(
  {
    "nav.duplicates": "Doublons possibles",
    "duplicates.title": "Doublons possibles",
    "duplicates.intro":
      "Les imports ont trouvé ces paires de structures proches sans être sûrs qu'il s'agit du même lieu. Comparez-les : fusionnez-les si c'est le même lieu (orientations, offres, membres et sources passent sur la structure gardée), sinon indiquez qu'il s'agit de deux lieux.",
    "duplicates.none": "Aucun doublon possible à examiner.",
    "duplicates.pair": "Paire {n} : {first} et {second}",
    "duplicates.score": "Ressemblance : {percent} %",
    "duplicates.reasons": "Pourquoi : {reasons}",
    "duplicates.pivot": "SIRET ou RNA",
    "duplicates.address": "Adresse",
    "duplicates.phone": "Téléphone",
    "duplicates.sources": "Sources",
    "duplicates.noSource": "saisie dans Maillage",
    "duplicates.referrals": "Orientations",
    "duplicates.offers": "Offres",
    "duplicates.members": "Membres",
    "duplicates.keep": "Garder « {name} »",
    "duplicates.merge.confirm":
      "Fusionner « {absorbed} » dans « {kept} » ? Ses orientations, offres, membres et sources passent sur « {kept} », qui est gardée ; « {absorbed} » est archivée. Cette action ne peut pas être annulée.",
    "duplicates.merge.yes": "Oui, fusionner",
    "duplicates.merged":
      "« {absorbed} » a été fusionnée dans « {kept} » : {referrals} orientation(s), {offers} offre(s) et {members} membre(s) déplacés.",
    "duplicates.dismiss": "Ce sont deux lieux différents",
    "duplicates.dismissed": "Paire écartée : elle ne sera plus proposée.",
  },
  {
    "nav.duplicates": "Possible duplicates",
    "duplicates.title": "Possible duplicates",
    "duplicates.intro":
      "Imports found these pairs of close structures without being sure they are the same place. Compare them: merge them if they are one place (referrals, offers, members and sources move to the kept structure), otherwise say they are two places.",
    "duplicates.none": "No possible duplicate to review.",
    "duplicates.pair": "Pair {n}: {first} and {second}",
    "duplicates.score": "Similarity: {percent} %",
    "duplicates.reasons": "Why: {reasons}",
    "duplicates.pivot": "SIRET or RNA",
    "duplicates.address": "Address",
    "duplicates.phone": "Phone",
    "duplicates.sources": "Sources",
    "duplicates.noSource": "entered in Maillage",
    "duplicates.referrals": "Referrals",
    "duplicates.offers": "Offers",
    "duplicates.members": "Members",
    "duplicates.keep": "Keep “{name}”",
    "duplicates.merge.confirm":
      "Merge “{absorbed}” into “{kept}”? Its referrals, offers, members and sources move to “{kept}”, which is kept; “{absorbed}” is archived. This cannot be undone.",
    "duplicates.merge.yes": "Yes, merge",
    "duplicates.merged":
      "“{absorbed}” was merged into “{kept}”: {referrals} referral(s), {offers} offer(s) and {members} member(s) moved.",
    "duplicates.dismiss": "These are two different places",
    "duplicates.dismissed": "Pair dismissed: it will not be proposed again.",
  },
);
