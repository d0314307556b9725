import type {
  AccessMode,
  Fee,
  Label,
  Mobility,
  Programme,
  Public,
  ServiceCategory,
  SpecificSupport,
  StructureKind,
  SupportMode,
} from "./vocabulary.enums";

/** How a value reads for people: `fr` is the standard's own wording where it defines one. */
export interface TermLabels {
  fr: string;
  en: string;
}

type Terms<E extends string> = Record<E, TermLabels>;

export const categoryTerms: Terms<ServiceCategory> = {
  ADMINISTRATIVE_PROCEDURES: {
    fr: "Aide aux démarches administratives",
    en: "Help with administrative procedures",
  },
  EVERYDAY_DIGITAL_TOOLS: {
    fr: "Maîtrise des outils numériques du quotidien",
    en: "Everyday digital tools",
  },
  DIGITAL_EMPLOYABILITY: {
    fr: "Insertion professionnelle via le numérique",
    en: "Finding work through digital skills",
  },
  SAFE_DIGITAL_USE: { fr: "Utilisation sécurisée du numérique", en: "Using digital tools safely" },
  DIGITAL_PARENTING: {
    fr: "Parentalité et éducation avec le numérique",
    en: "Parenting and education with digital tools",
  },
  DIGITAL_LEISURE: { fr: "Loisirs et créations numériques", en: "Digital leisure and creation" },
  DIGITAL_CULTURE: {
    fr: "Compréhension du monde numérique",
    en: "Understanding the digital world",
  },
  INTERNET_AND_EQUIPMENT_ACCESS: {
    fr: "Accès internet et matériel informatique",
    en: "Internet and computer access",
  },
  AFFORDABLE_EQUIPMENT: {
    fr: "Acquisition de matériel informatique à prix solidaire",
    en: "Affordable computer equipment",
  },
};

/** data·inclusion v1 `thematiques` each need maps to (first one is the main one). */
export const categoryThematiques: Record<ServiceCategory, string[]> = {
  ADMINISTRATIVE_PROCEDURES: [
    "numerique--acceder-a-des-services-en-ligne",
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
  ],
  EVERYDAY_DIGITAL_TOOLS: ["numerique--maitriser-les-fondamentaux-du-numerique"],
  DIGITAL_EMPLOYABILITY: [
    "numerique--maitriser-les-fondamentaux-du-numerique",
    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    "trouver-un-emploi--repondre-a-des-offres-demploi",
  ],
  SAFE_DIGITAL_USE: ["numerique--maitriser-les-fondamentaux-du-numerique"],
  DIGITAL_PARENTING: [
    "numerique--maitriser-les-fondamentaux-du-numerique",
    "famille--soutien-a-la-parentalite-et-a-leducation",
  ],
  DIGITAL_LEISURE: [
    "numerique--maitriser-les-fondamentaux-du-numerique",
    "remobilisation--activites-sportives-et-culturelles",
  ],
  DIGITAL_CULTURE: ["numerique--maitriser-les-fondamentaux-du-numerique"],
  INTERNET_AND_EQUIPMENT_ACCESS: ["numerique--acceder-a-une-connexion-internet"],
  AFFORDABLE_EQUIPMENT: ["numerique--acquerir-un-equipement"],
};

export const publicTerms: Terms<Public> = {
  YOUTH: { fr: "Jeunes", en: "Young people" },
  STUDENTS: { fr: "Étudiants", en: "Students" },
  FAMILIES: { fr: "Familles et/ou enfants", en: "Families and/or children" },
  SENIORS: { fr: "Seniors", en: "Seniors" },
  WOMEN: { fr: "Femmes", en: "Women" },
};

export const feeTerms: Terms<Fee> = {
  FREE: { fr: "Gratuit", en: "Free" },
  FREE_UNDER_CONDITION: { fr: "Gratuit sous condition", en: "Free under conditions" },
  PAID: { fr: "Payant", en: "Paid" },
  PASS_NUMERIQUE: { fr: "Pass numérique accepté", en: "Pass numérique accepted" },
};

export const supportModeTerms: Terms<SupportMode> = {
  AUTONOMY: { fr: "En autonomie", en: "On one's own" },
  INDIVIDUAL: { fr: "Accompagnement individuel", en: "One-to-one support" },
  COLLECTIVE: { fr: "Dans un atelier collectif", en: "Group workshop" },
  REMOTE: { fr: "À distance", en: "Remote" },
};

export const accessModeTerms: Terms<AccessMode> = {
  WALK_IN: { fr: "Se présenter", en: "Walk in" },
  PHONE: { fr: "Téléphoner", en: "Phone" },
  EMAIL: { fr: "Contacter par mail", en: "E-mail" },
  ONLINE_APPOINTMENT: { fr: "Prendre un RDV en ligne", en: "Book online" },
  NO_PUBLIC_RECEPTION: { fr: "Ce lieu n'accueille pas de public", en: "No public reception" },
  PRESCRIPTION_EMAIL: {
    fr: "Envoyer un mail avec une fiche de prescription",
    en: "E-mail a referral form",
  },
};

export const programmeTerms: Terms<Programme> = {
  AIDANTS_CONNECT: { fr: "Aidants Connect", en: "Aidants Connect" },
  REFERENCE_DIGITAL_LIBRARIES: {
    fr: "Bibliothèques numérique de référence",
    en: "Reference digital libraries",
  },
  PIX_CERTIFICATION: { fr: "Certification PIX", en: "PIX certification" },
  CONSEILLERS_NUMERIQUES: { fr: "Conseillers numériques", en: "Digital advisers" },
  EMMAUS_CONNECT: { fr: "Emmaüs Connect", en: "Emmaüs Connect" },
  FRANCE_SERVICES: { fr: "France Services", en: "France Services" },
  GRANDE_ECOLE_DU_NUMERIQUE: { fr: "Grande école du numérique", en: "Grande école du numérique" },
  CROIX_ROUGE: { fr: "La Croix Rouge", en: "Red Cross" },
  CAF_DIGITAL_ACCESS_POINT: { fr: "Point d'accès numérique CAF", en: "CAF digital access point" },
  PROMENEURS_DU_NET: { fr: "Promeneurs du net", en: "Promeneurs du net" },
  EMMAUS_CONNECT_DIGITAL_RELAY: {
    fr: "Relais numérique (Emmaüs Connect)",
    en: "Digital relay (Emmaüs Connect)",
  },
};

export const labelTerms: Terms<Label> = {
  MON_ESPACE_SANTE: { fr: "Formé à « Mon Espace Santé »", en: "Trained for “Mon Espace Santé”" },
  DUPLEX: { fr: "Formé à « DUPLEX » (illettrisme)", en: "Trained for “DUPLEX” (illiteracy)" },
  ARNIA_MEDNUM_BFC: {
    fr: "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    en: "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
  },
  REEMPLOI_NORMANDIE: {
    fr: "Collectif ressources et acteurs réemploi (Normandie)",
    en: "Reuse actors collective (Normandy)",
  },
  ETAPES_NUMERIQUES: { fr: "Étapes numériques(La Poste)", en: "Étapes numériques (La Poste)" },
  FABRIQUES_DE_TERRITOIRE: { fr: "Fabriques de Territoire", en: "Fabriques de Territoire" },
  ECLAIREURS_DU_NUMERIQUE: {
    fr: "Les Éclaireurs du numérique (Drôme)",
    en: "Les Éclaireurs du numérique (Drôme)",
  },
  MES_PAPIERS: { fr: "Mes Papiers (Métropole de Lyon)", en: "Mes Papiers (Lyon metropolis)" },
  ORDI_3_0: { fr: "ORDI 3.0", en: "ORDI 3.0" },
  SUD_LABS: { fr: "SUD LABS (PACA)", en: "SUD LABS (PACA)" },
};

export const specificSupportTerms: Terms<SpecificSupport> = {
  DEAFNESS: { fr: "Surdité", en: "Deafness" },
  MOTOR_DISABILITY: { fr: "Handicaps moteurs", en: "Motor disabilities" },
  MENTAL_DISABILITY: { fr: "Handicaps mentaux", en: "Mental disabilities" },
  ILLITERACY: { fr: "Illettrisme", en: "Illiteracy" },
  FOREIGN_LANGUAGES_ENGLISH: {
    fr: "Langues étrangères (anglais)",
    en: "Foreign languages (English)",
  },
  FOREIGN_LANGUAGES_OTHER: { fr: "Langues étrangères (autres)", en: "Foreign languages (other)" },
  VISUAL_IMPAIRMENT: { fr: "Déficience visuelle", en: "Visual impairment" },
};

export const mobilityTerms: Terms<Mobility> = {
  FIXED: { fr: "Fixe", en: "Fixed" },
  MOBILE: { fr: "Itinérant", en: "Mobile" },
};

export const structureKindTerms: Terms<StructureKind> = {
  ASSOCIATION: { fr: "Association", en: "Association" },
  LIBRARY: { fr: "Bibliothèque, médiathèque", en: "Library" },
  PUBLIC_DIGITAL_SPACE: { fr: "Espace public numérique", en: "Public digital space" },
  CCAS: { fr: "Centre communal d'action sociale", en: "Municipal social action centre" },
  FRANCE_SERVICES: { fr: "France Services", en: "France Services" },
  SOCIAL_CENTRE: { fr: "Centre social, maison de quartier", en: "Social centre" },
  SOCIAL_LANDLORD: { fr: "Bailleur social", en: "Social landlord" },
  SCHOOL_NETWORK: { fr: "Réseau d'écoles", en: "School network" },
  EMPLOYMENT_SERVICE: { fr: "Service d'emploi et d'insertion", en: "Employment service" },
  THIRD_PLACE: { fr: "Tiers-lieu", en: "Third place" },
  MUNICIPAL_SERVICE: { fr: "Service municipal", en: "Municipal service" },
  COMPANY: { fr: "Entreprise", en: "Company" },
  OTHER: { fr: "Autre", en: "Other" },
};
