/**
 * The realistic mix of the load benchmark: 40 % anonymous directory searches, 30 % signed-in
 * searches, 20 % partner board lists, 10 % `createReferral`. Every choice comes from a seeded
 * generator, so two runs send the same sequence of requests.
 */
import { BOARD, CREATE_REFERRAL, DIRECTORY } from "./documents";

export const OPERATIONS = [
  "anonymous search",
  "signed-in search",
  "board list",
  "createReferral",
] as const;
export type Operation = (typeof OPERATIONS)[number];
export const WEIGHTS: Record<Operation, number> = {
  "anonymous search": 40,
  "signed-in search": 30,
  "board list": 20,
  createReferral: 10,
};

/** A signed-in member: the cookie of its session and its structure. */
export interface Member {
  email: string;
  cookie: string;
  structureId: string;
}

/** What the generator draws from, read from the seeded database. */
export interface World {
  members: Member[];
  districtCodes: string[];
  /** Active offers: where a referral can go, and for which need. */
  offers: { structureId: string; offerId: string; need: string }[];
}

/** mulberry32: small, fast and good enough to pick requests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = ["ordinateur", "démarches", "atelier smartphone", "emploi", "accès internet"];
const NEEDS = [
  "ADMINISTRATIVE_PROCEDURES",
  "AFFORDABLE_EQUIPMENT",
  "DIGITAL_CULTURE",
  "EVERYDAY_DIGITAL_TOOLS",
  "INTERNET_AND_EQUIPMENT_ACCESS",
];

export interface PlannedRequest {
  operation: Operation;
  body: string;
  headers: Record<string, string>;
  /** For createReferral: the tag written in the referral, to find it again in SQL. */
  tag?: string;
}

/** The directory's first page, as the client asks it, with one of the common filters. */
export function searchVariables(random: () => number, world: World) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const filters: Record<string, unknown>[] = [
    { text: pick(TEXTS) },
    { categories: [pick(NEEDS)], districtCodes: [pick(world.districtCodes)] },
    {
      near: {
        lat: 47.2 + random() * 0.05,
        lon: -1.6 + random() * 0.08,
        radiusMeters: 2000 + Math.round(random() * 3000),
      },
    },
    { categories: [pick(NEEDS)], openNow: true },
    { districtCodes: [pick(world.districtCodes)] },
    {},
  ];
  const filter = pick(filters);
  return { filter, orderBy: "near" in filter ? "DISTANCE" : undefined, first: 20 };
}

/**
 * The mix's requests of one operation only (`--only`): drawn from the same sequence, so that
 * one operation can be measured alone under the same concurrency.
 */
export function onlyOf(operation: Operation, next: () => PlannedRequest): () => PlannedRequest {
  return () => {
    for (;;) {
      const request = next();
      if (request.operation === operation) return request;
    }
  };
}

export function planner(world: World, runId: string, seed: number) {
  const random = seededRandom(seed);
  const total = OPERATIONS.reduce((sum, op) => sum + WEIGHTS[op], 0);
  let serial = 0;
  return (): PlannedRequest => {
    let draw = random() * total;
    const operation = OPERATIONS.find((op) => (draw -= WEIGHTS[op]) < 0) ?? "anonymous search";
    const member = world.members[Math.floor(random() * world.members.length)];
    const signedIn = { cookie: member.cookie };
    switch (operation) {
      case "anonymous search":
        return {
          operation,
          headers: {},
          body: JSON.stringify({ query: DIRECTORY, variables: searchVariables(random, world) }),
        };
      case "signed-in search":
        return {
          operation,
          headers: signedIn,
          body: JSON.stringify({ query: DIRECTORY, variables: searchVariables(random, world) }),
        };
      case "board list":
        return {
          operation,
          headers: signedIn,
          body: JSON.stringify({
            query: BOARD,
            variables: { structureId: member.structureId, first: 50 },
          }),
        };
      case "createReferral": {
        const targets = world.offers.filter((o) => o.structureId !== member.structureId);
        const target = targets[Math.floor(random() * targets.length)];
        const tag = `Charge ${runId} n°${++serial}`;
        const input = {
          senderStructureId: member.structureId,
          receiverStructureId: target.structureId,
          receiverOfferId: target.offerId,
          need: target.need,
          situation: tag,
          consent: { given: true, wordingVersion: "2026-11" },
          resident: {
            firstName: "Camille",
            contactChannel: "PHONE",
            contactValue: "06 12 34 56 78",
            languages: ["fr"],
          },
        };
        return {
          operation,
          headers: signedIn,
          tag,
          body: JSON.stringify({
            query: CREATE_REFERRAL,
            variables: { input, idempotencyKey: `load-${runId}-${serial}` },
          }),
        };
      }
    }
  };
}
