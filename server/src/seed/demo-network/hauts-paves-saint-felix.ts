/**
 * Demo network, quartier « Hauts-Pavés - Saint-Félix ».
 * Fictitious data: identifiers are well-formed but invented; phones and e-mails are placeholders.
 */
import type { DemoStructure } from "../demo-network.types";
import {
  AccessMode,
  Fee,
  Mobility,
  Programme,
  Public,
  ServiceCategory,
  StructureKind,
  SupportMode,
} from "../../modules/vocabulary/vocabulary.enums";

export const hautsPavesSaintFelix: DemoStructure[] = [
  {
    key: "maison-de-quartier-hauts-paves",
    name: "Maison de quartier des Hauts-Pavés",
    kind: StructureKind.SOCIAL_CENTRE,
    pivot: "93817211100016",
    street: "40 rue des Hauts-Pavés",
    postalCode: "44000",
    lat: 47.22629,
    lon: -1.56486,
    phone: "+33240000123",
    emails: ["contact@mdq-hauts-paves.example.org"],
    websites: [],
    openingHours: "Mo-Fr 09:00-12:00,14:00-19:00",
    summary:
      "Maison de quartier associative : ateliers intergénérationnels, écrivain public et initiation au numérique animés par des bénévoles.",
    programmes: [],
    labels: [],
    passNumerique: false,
    specificSupports: [],
    mobility: [Mobility.FIXED],
    parentKey: null,
    offers: [
      {
        title: "Initiation tablette intergénérationnelle",
        description:
          "Des lycéens bénévoles accompagnent des seniors dans la découverte de la tablette, en binôme, le mercredi après-midi.",
        category: ServiceCategory.EVERYDAY_DIGITAL_TOOLS,
        publics: [Public.SENIORS, Public.YOUTH],
        supportModes: [SupportMode.INDIVIDUAL, SupportMode.COLLECTIVE],
        accessModes: [AccessMode.PHONE],
        fees: [Fee.FREE],
        capacityPerWeek: 10,
      },
      {
        title: "Écrivain public et démarches en ligne",
        description:
          "Aide à la rédaction de courriers et aux démarches en ligne, sur rendez-vous le jeudi.",
        category: ServiceCategory.ADMINISTRATIVE_PROCEDURES,
        publics: [],
        supportModes: [SupportMode.INDIVIDUAL],
        accessModes: [AccessMode.PHONE, AccessMode.ONLINE_APPOINTMENT],
        fees: [Fee.FREE],
        capacityPerWeek: 8,
      },
      {
        title: "Atelier photo numérique",
        description:
          "Prendre, retoucher et partager ses photos avec son smartphone ; sortie photo dans le quartier en fin de cycle.",
        category: ServiceCategory.DIGITAL_LEISURE,
        publics: [],
        supportModes: [SupportMode.COLLECTIVE],
        accessModes: [AccessMode.PHONE],
        fees: [Fee.PAID],
        capacityPerWeek: 10,
      },
    ],
  },
  {
    key: "les-aines-connectes",
    name: "Les Aînés connectés",
    kind: StructureKind.ASSOCIATION,
    pivot: "W448191451",
    street: "12 rue Paul Bellamy",
    postalCode: "44000",
    lat: 47.22395,
    lon: -1.55995,
    phone: null,
    emails: ["aines.connectes@example.org"],
    websites: [],
    openingHours: "Tu,Th 09:30-12:00",
    summary:
      "Association de seniors pour les seniors : club informatique hebdomadaire, entraide entre pairs et conférences sur la sécurité en ligne, dans une ambiance conviviale.",
    programmes: [],
    labels: [],
    passNumerique: true,
    specificSupports: [],
    mobility: [Mobility.FIXED],
    parentKey: null,
    offers: [
      {
        title: "Club informatique des seniors",
        description:
          "Chaque mardi, ateliers thématiques en petits groupes : e-mail, visioconférence, classement des photos, achats en ligne.",
        category: ServiceCategory.EVERYDAY_DIGITAL_TOOLS,
        publics: [Public.SENIORS],
        supportModes: [SupportMode.COLLECTIVE],
        accessModes: [AccessMode.PHONE],
        fees: [Fee.PAID, Fee.PASS_NUMERIQUE],
        capacityPerWeek: 12,
      },
      {
        title: "Conférence « Sécuriser ses comptes en ligne »",
        description:
          "Mots de passe, double authentification et sauvegardes expliqués simplement, avec un temps de questions-réponses.",
        category: ServiceCategory.SAFE_DIGITAL_USE,
        publics: [Public.SENIORS],
        supportModes: [SupportMode.COLLECTIVE],
        accessModes: [AccessMode.PHONE, AccessMode.EMAIL],
        fees: [Fee.FREE],
        capacityPerWeek: 40,
      },
      {
        title: "Généalogie en ligne",
        description:
          "Apprendre à consulter les archives numérisées et à construire son arbre généalogique sur des sites gratuits.",
        category: ServiceCategory.DIGITAL_LEISURE,
        publics: [Public.SENIORS],
        supportModes: [SupportMode.COLLECTIVE],
        accessModes: [AccessMode.PHONE],
        fees: [Fee.PAID, Fee.PASS_NUMERIQUE],
        capacityPerWeek: 8,
      },
    ],
  },
  {
    key: "mission-locale-nord-ouest",
    name: "Mission locale — antenne Nord-Ouest",
    kind: StructureKind.EMPLOYMENT_SERVICE,
    pivot: "99683159000012",
    street: "58 route de Rennes",
    postalCode: "44300",
    lat: 47.22912,
    lon: -1.56197,
    phone: "+33240000125",
    emails: ["nord-ouest@mission-locale.example.org"],
    websites: [],
    openingHours: "Mo-Th 09:00-12:30,13:30-17:30; Fr 09:00-12:30",
    summary:
      "Accueil des jeunes de 16 à 25 ans sortis du système scolaire : accompagnement vers l'emploi et la formation, Contrat d'engagement jeune et ateliers numériques dédiés.",
    programmes: [Programme.PIX_CERTIFICATION],
    labels: [],
    passNumerique: false,
    specificSupports: [],
    mobility: [Mobility.FIXED],
    parentKey: null,
    offers: [
      {
        title: "Atelier « Soigner son identité numérique »",
        description:
          "Faire le ménage sur ses réseaux sociaux, créer un profil professionnel en ligne et une adresse e-mail sérieuse.",
        category: ServiceCategory.DIGITAL_EMPLOYABILITY,
        publics: [Public.YOUTH],
        supportModes: [SupportMode.COLLECTIVE],
        accessModes: [AccessMode.PRESCRIPTION_EMAIL, AccessMode.PHONE],
        fees: [Fee.FREE],
        capacityPerWeek: 12,
      },
      {
        title: "Préparation à la certification Pix",
        description:
          "Entraînement collectif puis passage de la certification Pix pour valoriser ses compétences numériques.",
        category: ServiceCategory.DIGITAL_EMPLOYABILITY,
        publics: [Public.YOUTH],
        supportModes: [SupportMode.COLLECTIVE, SupportMode.AUTONOMY],
        accessModes: [AccessMode.PRESCRIPTION_EMAIL],
        fees: [Fee.FREE],
        capacityPerWeek: 10,
      },
      {
        title: "Ordinateurs et wifi pour les jeunes accompagnés",
        description:
          "Postes et wifi en libre accès pour les candidatures, les démarches et les formations à distance.",
        category: ServiceCategory.INTERNET_AND_EQUIPMENT_ACCESS,
        publics: [Public.YOUTH],
        supportModes: [SupportMode.AUTONOMY],
        accessModes: [AccessMode.WALK_IN],
        fees: [Fee.FREE],
        capacityPerWeek: 20,
      },
    ],
  },
];
