import {
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from "graphql";
import type { Client } from "graphql-ws";
import { getSchema } from "../../server/src/graphql/schema";
import { hashPassword, hashSecret, newSecret } from "../../server/src/modules/identity/secrets";
import { newHouseholdReference, newTicketCode } from "../../server/src/modules/programme/codes";
import { SESSION_COOKIE } from "../../server/src/modules/identity/viewer";
import { createToken, demoStructureId, loginAs } from "./support/identity";
import { type GraphQLResponse, startTestApp, type TestApp, wsRequest } from "./support/test-app";

/*
 * The authorization table: every operation of the schema, with what each kind of caller gets,
 * checked over HTTP and over WebSocket. A new operation without a row fails the completeness test.
 */

const CALLERS = [
  "anonymous",
  "staffA",
  "managerA",
  "staffB",
  "coordinator",
  "admin",
  "tokenA",
] as const;
type Caller = (typeof CALLERS)[number];
type Transport = "http" | "ws";

/**
 * "ok": no error, and a union result is one of its success members (not an `ErrorResult`).
 * Otherwise the error's code: BAD_USER_INPUT for signing in over WebSocket, BAD_REQUEST for a
 * subscription over HTTP; or `result X` where the allowed answer is a typed error result.
 */
type Outcome =
  "ok" | "UNAUTHENTICATED" | "FORBIDDEN" | "BAD_USER_INPUT" | "BAD_REQUEST" | `result ${string}`;
type Expectation = Outcome | { http: Outcome; ws: Outcome };

const OK = "ok";
const UNAUTHENTICATED = "UNAUTHENTICATED";
const FORBIDDEN = "FORBIDDEN";
/** Signing in sets a cookie, which a WebSocket cannot carry: refused there, for everyone. */
const HTTP_ONLY = { http: OK, ws: "BAD_USER_INPUT" } as const;
const BAD_LINK = "result InvalidResetLinkError";

const THROWAWAY_PASSWORD = "jetable-mot-de-passe-2026";

const EMAILS = {
  staffA: "mediation@ccas.maillage.test",
  managerA: "direction@ccas.maillage.test",
  staffB: "benevole@recup-ordi.maillage.test",
  coordinator: "coordination@maillage.test",
  admin: "admin@maillage.test",
} as const;
type Person = keyof typeof EMAILS;
const isPerson = (c: Caller): c is Person => c in EMAILS;

/** Throwaway rows, so that every cell acts on its own data. */
interface Fixtures {
  /** Structure A (ccas-espace-public-numerique) and B (recup-ordi-44). */
  A: string;
  B: string;
  districtCode: string;
  /** A new account, password `THROWAWAY_PASSWORD`. */
  user(): Promise<{ id: string; email: string }>;
  /** A membership of a new account in `structureId`. */
  membership(structureId: string, role: "MANAGER" | "STAFF"): Promise<string>;
  /** Id of a new, live API token of `structureId`. */
  apiToken(structureId: string): Promise<string>;
  /** Secret of a new invitation of a new e-mail as staff of A. */
  invitation(): Promise<string>;
  /** Id of a new pending invitation of a new e-mail as staff of A. */
  invitationId(): Promise<string>;
  uniqueEmail(): string;
  /** A new referral from A to B, pending (version 1) or accepted (version 2). */
  referral(status: "PENDING" | "ACCEPTED"): Promise<{ id: string; v: number }>;
  /** A referral from A to B created through the API, so that A and B have an event to follow. */
  referralEvent(): Promise<void>;
  /** A new programme household (no personal data). */
  household(): Promise<{ id: string; reference: string }>;
  /** A new device wave, version 1. */
  wave(): Promise<{ id: string; v: number }>;
  /** A new device in `status`, version 1. */
  device(status: "IN_STOCK" | "RETURNED"): Promise<{ id: string; v: number }>;
  /** A new loan accompanied by A: planned, planned with its charter signed, or delivered. */
  allocation(state: "PLANNED" | "SIGNED" | "DELIVERED"): Promise<{ id: string; v: number }>;
  /** A new Pass numérique booklet issued by A, with one unredeemed ticket. */
  booklet(): Promise<{ id: string; code: string }>;
}

interface Row {
  query: string;
  variables?: (f: Fixtures) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * The cell ends the caller's session: run it on a fresh session of the caller. "all": it ends
   * every session of the person, so the shared ones are opened again afterwards.
   */
  endsSession?: "this" | "all";
  expect: Record<Caller, Expectation>;
}

const OPERATIONS = {
  "Query.districts": {
    query: `query { districts { code } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.district": {
    query: `query ($code: String!) { district(code: $code) { code } }`,
    variables: (f) => ({ code: f.districtCode }),
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.structure": {
    query: `query ($id: ID!) { structure(id: $id) { id name } }`,
    variables: (f) => ({ id: f.A }),
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.structures": {
    query: `query { structures(first: 2) { totalCount edges { node { id } } } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.vocabularies": {
    query: `query { vocabularies { fees { value label } } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.viewer": {
    query: `query { viewer { kind user { id } structure { id } } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.apiTokens": {
    query: `query ($s: ID!) { apiTokens(structureId: $s) { id prefix } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.structureMembers": {
    query: `query ($s: ID!) { structureMembers(structureId: $s) { id role user { email } } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.users": {
    query: `query { users(first: 2) { totalCount edges { node { id email } } } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.login": {
    query: `mutation ($email: String!, $password: String!) {
      login(email: $email, password: $password) { __typename }
    }`,
    variables: async (f) => ({ email: (await f.user()).email, password: THROWAWAY_PASSWORD }),
    // prettier-ignore
    expect: { anonymous: HTTP_ONLY, staffA: HTTP_ONLY, managerA: HTTP_ONLY, staffB: HTTP_ONLY, coordinator: HTTP_ONLY, admin: HTTP_ONLY, tokenA: HTTP_ONLY },
  },
  "Mutation.acceptInvitation": {
    query: `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { __typename } }`,
    variables: async (f) => ({
      input: { token: await f.invitation(), password: THROWAWAY_PASSWORD, displayName: "Invitée" },
    }),
    // prettier-ignore
    expect: { anonymous: HTTP_ONLY, staffA: HTTP_ONLY, managerA: HTTP_ONLY, staffB: HTTP_ONLY, coordinator: HTTP_ONLY, admin: HTTP_ONLY, tokenA: HTTP_ONLY },
  },
  "Mutation.logout": {
    query: `mutation { logout }`,
    endsSession: "this",
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.logoutEverywhere": {
    query: `mutation { logoutEverywhere }`,
    endsSession: "all",
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.inviteUser": {
    query: `mutation ($input: InviteUserInput!) { inviteUser(input: $input) { __typename } }`,
    variables: (f) => ({ input: { email: f.uniqueEmail(), structureId: f.A, role: "STAFF" } }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.pendingInvitations": {
    query: `query ($s: ID) { pendingInvitations(structureId: $s) { id } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.resendInvitation": {
    query: `mutation ($i: ID!) { resendInvitation(invitationId: $i) { __typename } }`,
    variables: async (f) => ({ i: await f.invitationId() }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.revokeInvitation": {
    query: `mutation ($i: ID!) { revokeInvitation(invitationId: $i) { __typename } }`,
    variables: async (f) => ({ i: await f.invitationId() }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.createApiToken": {
    query: `mutation ($s: ID!) { createApiToken(structureId: $s, name: "table") { __typename } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.revokeApiToken": {
    query: `mutation ($id: ID!) { revokeApiToken(id: $id) { __typename } }`,
    variables: async (f) => ({ id: await f.apiToken(f.A) }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.changeMembershipRole": {
    query: `mutation ($m: ID!) { changeMembershipRole(membershipId: $m, role: STAFF) { __typename } }`,
    variables: async (f) => ({ m: await f.membership(f.A, "MANAGER") }),
    // Another manager's role: only admins (a manager may only step down itself).
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.removeMembership": {
    query: `mutation ($m: ID!) { removeMembership(membershipId: $m) { __typename } }`,
    variables: async (f) => ({ m: await f.membership(f.A, "STAFF") }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.notificationSettings": {
    query: `{ notificationSettings { mode } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.updateNotificationSettings": {
    query: `mutation { updateNotificationSettings(mode: EACH_EVENT) { mode } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.setStructureNotificationEmail": {
    query: `mutation ($s: ID!) { setStructureNotificationEmail(structureId: $s, email: null) { __typename } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.requestPasswordReset": {
    query: `mutation ($e: String!) { requestPasswordReset(email: $e) { __typename } }`,
    variables: (f) => ({ e: f.uniqueEmail() }),
    // Open to anyone: the answer is the same whether the address is known or not.
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Mutation.resetPassword": {
    query: `mutation { resetPassword(token: "inconnu", password: "un mot de passe assez long") { __typename } }`,
    // Open to anyone holding a link; an unknown link is the typed result, whoever asks.
    // prettier-ignore
    expect: { anonymous: BAD_LINK, staffA: BAD_LINK, managerA: BAD_LINK, staffB: BAD_LINK, coordinator: BAD_LINK, admin: BAD_LINK, tokenA: BAD_LINK },
  },
  "Query.outbox": {
    query: `{ outbox { counts { state count } } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.retryOutboxMessage": {
    query: `mutation { retryOutboxMessage(id: "1") { __typename } }`,
    // Admins only; no failed message 1 here, so the admin gets the typed "not found".
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: "result NotFoundError", tokenA: FORBIDDEN },
  },
  "Mutation.setStructureRequiresProConnect": {
    query: `mutation ($s: ID!) { setStructureRequiresProConnect(structureId: $s, required: false) { __typename } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.signInOptions": {
    query: `{ signInOptions { proConnect } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Mutation.setGlobalRole": {
    query: `mutation ($u: ID!) { setGlobalRole(userId: $u, role: COORDINATOR) { __typename } }`,
    variables: async (f) => ({ u: (await f.user()).id }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.createStructure": {
    query: `mutation ($input: CreateStructureInput!) { createStructure(input: $input) { __typename } }`,
    variables: () => ({ input: { name: "Table", kind: "OTHER", pivot: "W442000001" } }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.updateStructure": {
    query: `mutation ($id: ID!, $v: Int!) { updateStructure(id: $id, expectedVersion: $v, input: { otherLabels: "table" }) { __typename } }`,
    variables: async (f) => {
      const [{ version }] = await t.database.db.dataSource.query(
        `SELECT version FROM structure WHERE id = $1`,
        [f.A],
      );
      return { id: f.A, v: version };
    },
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.archiveStructure": {
    query: `mutation ($id: ID!, $v: Int!) { archiveStructure(id: $id, expectedVersion: $v) { __typename } }`,
    // A copy of A with A's members (tokenA stays A's): archiving A would take it out of the other cells.
    variables: async (f) => {
      const sql = (q: string, p: unknown[]) => t.database.db.dataSource.query(q, p);
      const [copy] = await sql(
        `INSERT INTO structure (name, kind, pivot) SELECT name, kind, pivot FROM structure WHERE id = $1 RETURNING id, version`,
        [f.A],
      );
      await sql(
        `INSERT INTO membership (user_id, structure_id, role) SELECT user_id, $1, role FROM membership WHERE structure_id = $2`,
        [copy.id, f.A],
      );
      return { id: copy.id, v: copy.version };
    },
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.createOffer": {
    query: `mutation ($s: ID!) { createOffer(structureId: $s, input: { title: "Table", category: DIGITAL_LEISURE }) { __typename } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.updateOffer": {
    query: `mutation ($id: ID!, $v: Int!) { updateOffer(id: $id, expectedVersion: $v, input: { title: "Table modifiée" }) { __typename } }`,
    variables: async (f) => {
      const [offer] = await t.database.db.dataSource.query(
        `INSERT INTO service_offer (structure_id, title, category, active) VALUES ($1, 'Table', 'DIGITAL_LEISURE', true) RETURNING id, version`,
        [f.A],
      );
      return { id: offer.id, v: offer.version };
    },
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.suspendOffer": {
    query: `mutation ($id: ID!, $v: Int!) { suspendOffer(id: $id, expectedVersion: $v) { __typename } }`,
    variables: async (f) => {
      const [offer] = await t.database.db.dataSource.query(
        `INSERT INTO service_offer (structure_id, title, category, active) VALUES ($1, 'Table', 'DIGITAL_LEISURE', true) RETURNING id, version`,
        [f.A],
      );
      return { id: offer.id, v: offer.version };
    },
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.resumeOffer": {
    query: `mutation ($id: ID!, $v: Int!) { resumeOffer(id: $id, expectedVersion: $v) { __typename } }`,
    variables: async (f) => {
      const [offer] = await t.database.db.dataSource.query(
        `INSERT INTO service_offer (structure_id, title, category, active) VALUES ($1, 'Table', 'DIGITAL_LEISURE', false) RETURNING id, version`,
        [f.A],
      );
      return { id: offer.id, v: offer.version };
    },
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.offers": {
    query: `query { offers(first: 2, filter: { text: "atelier" }) { totalCount edges { node { id } } } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.coverage": {
    query: `query { coverage(categories: [ADMINISTRATIVE_PROCEDURES]) { priorityGaps { districtCode } } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.consentWording": {
    query: `query { consentWording { version text } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.suggestStructures": {
    query: `query ($d: String!) { suggestStructures(need: ADMINISTRATIVE_PROCEDURES, from: { districtCode: $d }) { score structure { id } } }`,
    variables: (f) => ({ d: f.districtCode }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.referral": {
    query: `query ($id: ID!) { referral(id: $id) { id status } }`,
    variables: async (f) => ({ id: (await f.referral("PENDING")).id }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.referrals": {
    query: `query { referrals(first: 5) { totalCount edges { node { id } } } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: FORBIDDEN, admin: OK, tokenA: OK },
  },
  "Query.referralStats": {
    query: `query { referralStats(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { total } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.createReferral": {
    query: `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { __typename } }`,
    variables: (f) => ({
      input: {
        senderStructureId: f.A,
        receiverStructureId: f.B,
        need: "ADMINISTRATIVE_PROCEDURES",
        resident: {
          firstName: "Table",
          contactChannel: "EMAIL",
          contactValue: "table@example.org",
        },
        consent: { given: true, wordingVersion: "2026-11" },
      },
    }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.acceptReferral": {
    query: `mutation ($id: ID!, $v: Int!) { acceptReferral(id: $id, expectedVersion: $v) { __typename } }`,
    variables: async (f) => f.referral("PENDING"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: OK, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: FORBIDDEN },
  },
  "Mutation.declineReferral": {
    query: `mutation ($id: ID!, $v: Int!) { declineReferral(id: $id, expectedVersion: $v, input: { reason: NO_CAPACITY }) { __typename } }`,
    variables: async (f) => f.referral("PENDING"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: OK, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: FORBIDDEN },
  },
  "Mutation.completeReferral": {
    query: `mutation ($id: ID!, $v: Int!) { completeReferral(id: $id, expectedVersion: $v, input: { outcome: NEED_MET }) { __typename } }`,
    variables: async (f) => f.referral("ACCEPTED"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: OK, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: FORBIDDEN },
  },
  "Mutation.markReferralNoShow": {
    query: `mutation ($id: ID!, $v: Int!) { markReferralNoShow(id: $id, expectedVersion: $v) { __typename } }`,
    variables: async (f) => f.referral("ACCEPTED"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: OK, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: FORBIDDEN },
  },
  "Mutation.cancelReferral": {
    query: `mutation ($id: ID!, $v: Int!) { cancelReferral(id: $id, expectedVersion: $v) { __typename } }`,
    variables: async (f) => f.referral("PENDING"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Subscription.referralEvents": {
    // From the first cursor: the replay delivers the event just created, without waiting.
    query: `subscription ($s: ID!) { referralEvents(structureId: $s, after: "0") { id type referral { id } } }`,
    variables: async (f) => {
      await f.referralEvent();
      return { s: f.A };
    },
    // Over HTTP every caller gets BAD_REQUEST: subscriptions are for WebSocket only.
    // prettier-ignore
    expect: { anonymous: { http: "BAD_REQUEST", ws: UNAUTHENTICATED }, staffA: { http: "BAD_REQUEST", ws: OK }, managerA: { http: "BAD_REQUEST", ws: OK }, staffB: { http: "BAD_REQUEST", ws: FORBIDDEN }, coordinator: { http: "BAD_REQUEST", ws: FORBIDDEN }, admin: { http: "BAD_REQUEST", ws: FORBIDDEN }, tokenA: { http: "BAD_REQUEST", ws: OK } },
  },
  "Mutation.importDirectory": {
    // A dry run of a one-row file of the national standard: every caller's cell leaves the directory as it is.
    query: `mutation ($c: String!) { importDirectory(format: LIEUX_MEDIATION_NUMERIQUE, content: $c, dryRun: true) { __typename } }`,
    variables: () => ({
      c: "id,pivot,nom,commune,code_postal,adresse,date_maj\ntable-1,W442000001,Table,Nantes,44000,1 rue de la Table,2025-01-01\n",
    }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.geocodeAddress": {
    // The table's app has no GEOCODER_URL: allowed callers get the typed "unavailable" result.
    query: `{ geocodeAddress(street: "2 place du Bouffay", city: "Nantes") { __typename } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: "result GeocoderUnavailableError", staffB: FORBIDDEN, coordinator: "result GeocoderUnavailableError", admin: "result GeocoderUnavailableError", tokenA: FORBIDDEN },
  },
  "Query.geocodingEnabled": {
    query: `{ geocodingEnabled }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.possibleDuplicates": {
    query: `{ possibleDuplicates { id first { structure { id } } } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.mergeStructures": {
    query: `mutation ($k: ID!, $m: ID!) { mergeStructures(keepId: $k, mergeId: $m) { __typename } }`,
    // Two throwaway copies of A per cell: merging A or B would take them out of the other cells.
    variables: async (f) => {
      const sql = (q: string, p: unknown[]) => t.database.db.dataSource.query(q, p);
      const copies = await sql(
        `INSERT INTO structure (name, kind, pivot) SELECT name, kind, pivot FROM structure, generate_series(1, 2) WHERE id = $1 RETURNING id`,
        [f.A],
      );
      return { k: copies[0].id, m: copies[1].id };
    },
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.dismissPossibleDuplicate": {
    query: `mutation ($id: ID!) { dismissPossibleDuplicate(id: $id) { __typename } }`,
    variables: async (f) => {
      const sql = (q: string, p: unknown[]) => t.database.db.dataSource.query(q, p);
      const copies = await sql(
        `INSERT INTO structure (name, kind, pivot) SELECT name, kind, pivot FROM structure, generate_series(1, 2) WHERE id = $1 RETURNING id`,
        [f.A],
      );
      const [pair] = await sql(
        `INSERT INTO possible_duplicate (first_id, second_id, score) VALUES (least($1::uuid, $2::uuid), greatest($1::uuid, $2::uuid), 0.6) RETURNING id`,
        [copies[0].id, copies[1].id],
      );
      return { id: pair.id };
    },
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.eraseResidentData": {
    query: `mutation ($id: ID!) { eraseResidentData(referralId: $id) { __typename } }`,
    variables: async (f) => ({ id: (await f.referral("PENDING")).id }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.householdByReference": {
    query: `query ($r: String!) { householdByReference(reference: $r) { id } }`,
    variables: async (f) => ({ r: (await f.household()).reference }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: FORBIDDEN, admin: OK, tokenA: OK },
  },
  "Query.deviceWaves": {
    query: `query { deviceWaves { id } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Mutation.createDeviceWave": {
    query: `mutation ($n: String!) { createDeviceWave(input: { name: $n, startMonth: "2026-09", plannedCount: 10, schoolNetwork: "REP" }) { __typename } }`,
    variables: (f) => ({ n: f.uniqueEmail() }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.updateDeviceWave": {
    query: `mutation ($id: ID!, $v: Int!) { updateDeviceWave(id: $id, expectedVersion: $v, input: { plannedCount: 12 }) { __typename } }`,
    variables: (f) => f.wave(),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.devices": {
    query: `query { devices(first: 2, filter: { statuses: [IN_STOCK] }) { totalCount edges { node { id } } } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Mutation.createDevice": {
    query: `mutation ($i: String!) { createDevice(input: { inventoryId: $i, kind: LAPTOP, origin: "Table" }) { __typename } }`,
    variables: (f) => ({ i: f.uniqueEmail() }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.updateDevice": {
    query: `mutation ($id: ID!, $v: Int!) { updateDevice(id: $id, expectedVersion: $v, input: { origin: "Table modifiée" }) { __typename } }`,
    variables: (f) => f.device("IN_STOCK"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.restockDevice": {
    query: `mutation ($id: ID!, $v: Int!) { restockDevice(id: $id, expectedVersion: $v) { __typename } }`,
    variables: (f) => f.device("RETURNED"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.retireDevice": {
    query: `mutation ($id: ID!, $v: Int!) { retireDevice(id: $id, expectedVersion: $v) { __typename } }`,
    variables: (f) => f.device("IN_STOCK"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.allocationConsentWording": {
    query: `query { allocationConsentWording { version text } }`,
    // prettier-ignore
    expect: { anonymous: OK, staffA: OK, managerA: OK, staffB: OK, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Query.allocation": {
    query: `query ($id: ID!) { allocation(id: $id) { id status } }`,
    variables: async (f) => ({ id: (await f.allocation("PLANNED")).id }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: OK },
  },
  "Query.allocations": {
    query: `query { allocations(first: 5) { totalCount edges { node { id } } } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: OK, coordinator: FORBIDDEN, admin: OK, tokenA: OK },
  },
  "Mutation.createAllocation": {
    query: `mutation ($input: CreateAllocationInput!) { createAllocation(input: $input) { __typename } }`,
    variables: async (f) => ({
      input: {
        accompanyingStructureId: f.A,
        deviceId: (await f.device("IN_STOCK")).id,
        waveId: (await f.wave()).id,
        schoolNetwork: "REP",
        resident: {
          firstName: "Table",
          contactChannel: "EMAIL",
          contactValue: "table@example.org",
          districtCode: f.districtCode,
        },
        consent: { given: true, wordingVersion: "pret-2026-11" },
      },
    }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.signAllocationCharter": {
    query: `mutation ($id: ID!, $v: Int!) { signAllocationCharter(id: $id, expectedVersion: $v, input: { signedOn: "2025-01-15", familySignatory: "Famille", citySignatory: "Ville", associationSignatory: "Association" }) { __typename } }`,
    variables: (f) => f.allocation("PLANNED"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.markAllocationDelivered": {
    query: `mutation ($id: ID!, $v: Int!) { markAllocationDelivered(id: $id, expectedVersion: $v, deliveredOn: "2025-02-01") { __typename } }`,
    variables: (f) => f.allocation("SIGNED"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.markAllocationReturned": {
    query: `mutation ($id: ID!, $v: Int!) { markAllocationReturned(id: $id, expectedVersion: $v, returnedOn: "2025-03-01") { __typename } }`,
    variables: (f) => f.allocation("DELIVERED"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.cancelAllocation": {
    query: `mutation ($id: ID!, $v: Int!) { cancelAllocation(id: $id, expectedVersion: $v) { __typename } }`,
    variables: (f) => f.allocation("PLANNED"),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.eraseAllocationResidentData": {
    query: `mutation ($id: ID!) { eraseAllocationResidentData(allocationId: $id) { __typename } }`,
    variables: async (f) => ({ id: (await f.allocation("PLANNED")).id }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.passBooklet": {
    query: `query ($id: ID!) { passBooklet(id: $id) { id tickets { code } } }`,
    variables: async (f) => ({ id: (await f.booklet()).id }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: OK },
  },
  "Query.passBooklets": {
    query: `query ($s: ID!) { passBooklets(structureId: $s, first: 2) { totalCount edges { node { id } } } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: OK },
  },
  "Query.passNumeriqueBalance": {
    query: `query ($s: ID!) { passNumeriqueBalance(structureId: $s) { issuedTickets redeemedHereTickets } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: OK },
  },
  "Mutation.issuePassBooklet": {
    query: `mutation ($s: ID!) { issuePassBooklet(input: { issuerStructureId: $s, ticketCount: 1, ticketValueCents: 1000 }) { __typename } }`,
    variables: (f) => ({ s: f.A }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.redeemPassTicket": {
    // A is labelled Pass numérique; B's staff is not A's member (redeeming at B is B's own row-level case).
    query: `mutation ($s: ID!, $c: String!) { redeemPassTicket(structureId: $s, code: $c) { __typename } }`,
    variables: async (f) => ({ s: f.A, c: (await f.booklet()).code }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: OK, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: FORBIDDEN, tokenA: OK },
  },
  "Mutation.voidPassBooklet": {
    // The issuing structure's managers and admins; not its staff nor its token.
    query: `mutation ($id: ID!) { voidPassBooklet(id: $id, reason: "Carnet perdu") { __typename } }`,
    variables: async (f) => ({ id: (await f.booklet()).id }),
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: OK, staffB: FORBIDDEN, coordinator: FORBIDDEN, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.householdsIndicator": {
    query: `query { householdsIndicator(year: 2025) { households target } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Mutation.setHouseholdsTarget": {
    query: `mutation { setHouseholdsTarget(year: 2030, target: 2600) { __typename } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.deviceProgress": {
    query: `query { deviceProgress { planned delivered } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
  "Query.ticketFlows": {
    query: `query { ticketFlows(year: 2025) { issuedTickets redeemedTickets } }`,
    // prettier-ignore
    expect: { anonymous: UNAUTHENTICATED, staffA: FORBIDDEN, managerA: FORBIDDEN, staffB: FORBIDDEN, coordinator: OK, admin: OK, tokenA: FORBIDDEN },
  },
} satisfies Record<string, Row>;

type Operation = keyof typeof OPERATIONS;
const ROWS: Record<Operation, Row> = OPERATIONS;

let t: TestApp;
let schema: GraphQLSchema;
let fixtures: Fixtures;
let tokenA: string;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  schema = await getSchema();
  const sql = (query: string, params: unknown[] = []) =>
    t.database.db.dataSource.query(query, params) as Promise<any[]>;
  const [A, B] = await Promise.all([
    demoStructureId(t, "ccas-espace-public-numerique"),
    demoStructureId(t, "recup-ordi-44"),
  ]);
  const [{ code: districtCode }] = await sql(`SELECT code FROM district ORDER BY code LIMIT 1`);
  const passwordHash = await hashPassword(THROWAWAY_PASSWORD); // once: scrypt is slow on purpose
  let serial = 0;
  const uniqueEmail = () => `jetable-${process.pid}-${++serial}@maillage.test`;
  const user = async () => {
    const email = uniqueEmail();
    const [row] = await sql(
      `INSERT INTO app_user (email, display_name, password_hash) VALUES ($1, 'Jetable', $2) RETURNING id`,
      [email, passwordHash],
    );
    return { id: row.id as string, email };
  };
  fixtures = {
    A,
    B,
    districtCode,
    uniqueEmail,
    user,
    async membership(structureId, role) {
      const { id } = await user();
      const [row] = await sql(
        `INSERT INTO membership (user_id, structure_id, role) VALUES ($1, $2, $3) RETURNING id`,
        [id, structureId, role],
      );
      return row.id;
    },
    async apiToken(structureId) {
      const secret = newSecret("mlg_");
      const [row] = await sql(
        `INSERT INTO api_token (structure_id, name, token_hash, prefix) VALUES ($1, 'jetable', $2, $3) RETURNING id`,
        [structureId, hashSecret(secret), secret.slice(0, 10)],
      );
      return row.id;
    },
    async referral(status) {
      const [row] = await sql(
        `INSERT INTO referral (status, version, need, sender_structure_id, receiver_structure_id, resident_first_name,
                               resident_contact_channel, resident_contact_value, consent_given_at, consent_wording_version,
                               expires_at, reminder_due_at)
         VALUES ($1, $2, 'ADMINISTRATIVE_PROCEDURES', $3, $4, 'Table', 'EMAIL', 'table@example.org', now(), '2026-11',
                 now() + interval '15 days', now() + interval '7 days') RETURNING id, version`,
        [status, status === "PENDING" ? 1 : 2, A, B],
      );
      return { id: row.id as string, v: row.version as number };
    },
    async referralEvent() {
      const res = await t.gql(
        `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { __typename } }`,
        {
          input: {
            senderStructureId: A,
            receiverStructureId: B,
            need: "ADMINISTRATIVE_PROCEDURES",
            resident: {
              firstName: "Table",
              contactChannel: "EMAIL",
              contactValue: "t@example.org",
            },
            consent: { given: true, wordingVersion: "2026-11" },
          },
        },
        { authorization: `Bearer ${tokenA}` },
      );
      if (res.data?.createReferral?.__typename !== "Referral") {
        throw new Error(`referral creation failed: ${JSON.stringify(res)}`);
      }
    },
    async household() {
      const [row] = await sql(
        `INSERT INTO household (reference) VALUES ($1) RETURNING id, reference`,
        [newHouseholdReference()],
      );
      return row;
    },
    async wave() {
      const [row] = await sql(
        `INSERT INTO device_wave (name, start_month, planned_count, school_network)
         VALUES ($1, '2026-09-01', 10, 'REP') RETURNING id, version`,
        [uniqueEmail()],
      );
      return { id: row.id as string, v: row.version as number };
    },
    async device(status) {
      const [row] = await sql(
        `INSERT INTO device (inventory_id, kind, origin, status) VALUES ($1, 'LAPTOP', 'Table', $2)
         RETURNING id, version`,
        [uniqueEmail(), status],
      );
      return { id: row.id as string, v: row.version as number };
    },
    async allocation(state) {
      const [wave, household] = [await this.wave(), await this.household()];
      const [device] = await sql(
        `INSERT INTO device (inventory_id, kind, origin, status) VALUES ($1, 'LAPTOP', 'Table', $2) RETURNING id`,
        [uniqueEmail(), state === "DELIVERED" ? "DELIVERED" : "ALLOCATED"],
      );
      const signed = state !== "PLANNED";
      const [row] = await sql(
        `INSERT INTO allocation (status, device_id, wave_id, household_id, accompanying_structure_id, district_code,
                                 school_network, resident_first_name, resident_contact_channel, resident_contact_value,
                                 consent_given_at, consent_wording_version, charter_signed_on, charter_family_signatory,
                                 charter_city_signatory, charter_association_signatory, charter_recorded_at, delivered_on)
         VALUES ($1, $2, $3, $4, $5, $6, 'NONE', 'Table', 'EMAIL', 'table@example.org', now(), 'pret-2026-11',
                 $7, $8, $8, $8, $9, $10) RETURNING id, version`,
        [
          state === "DELIVERED" ? "DELIVERED" : "PLANNED",
          device.id,
          wave.id,
          household.id,
          A,
          districtCode,
          signed ? "2025-01-15" : null,
          signed ? "Table" : null,
          signed ? new Date() : null,
          state === "DELIVERED" ? "2025-01-20" : null,
        ],
      );
      return { id: row.id as string, v: row.version as number };
    },
    async booklet() {
      const household = await this.household();
      const [booklet] = await sql(
        `INSERT INTO pass_booklet (number, issuer_structure_id, household_id, ticket_count, ticket_value_cents, issued_on)
         VALUES ($1, $2, $3, 1, 1000, current_date) RETURNING id`,
        [`TABLE-${newTicketCode()}`, A, household.id],
      );
      const code = newTicketCode();
      await sql(
        `INSERT INTO pass_ticket (booklet_id, position, code, value_cents) VALUES ($1, 1, $2, 1000)`,
        [booklet.id, code],
      );
      return { id: booklet.id as string, code };
    },
    async invitation() {
      const secret = newSecret();
      await sql(
        `INSERT INTO invitation (token_hash, email, structure_id, membership_role, expires_at)
         VALUES ($1, $2, $3, 'STAFF', now() + interval '1 day')`,
        [hashSecret(secret), uniqueEmail(), A],
      );
      return secret;
    },
    async invitationId() {
      const [row] = await sql(
        `INSERT INTO invitation (token_hash, email, structure_id, membership_role, expires_at)
         VALUES ($1, $2, $3, 'STAFF', now() + interval '1 day') RETURNING id`,
        [hashSecret(newSecret()), uniqueEmail(), A],
      );
      return row.id as string;
    },
  };
  tokenA = await createToken(t, await loginAs(t, EMAILS.managerA), A, "table d'autorisations");
});

afterAll(async () => {
  await Promise.all([...wsClients.values()].map((c) => c.dispose()));
  await t?.stop();
});

/* ---------- callers: one session per person and transport, reused across cells ---------- */

const sessions = new Map<string, Promise<string>>();
const wsClients = new Map<string, Client>();

/** The shared session cookie of `person` for `transport` (signs in on first use). */
function sharedSession(person: Person, transport: Transport): Promise<string> {
  const key = `${person}/${transport}`;
  if (!sessions.has(key)) sessions.set(key, loginAs(t, EMAILS[person]));
  return sessions.get(key)!;
}

/**
 * Replaces the shared sessions of `person` (they were all revoked) and drops its socket. The new
 * sessions are opened in the database: signing in again would cost a slow password hash each.
 */
async function forgetSessions(person: Person) {
  sessions.set(`${person}/http`, freshSession(person));
  sessions.set(`${person}/ws`, freshSession(person));
  const client = wsClients.get(person);
  wsClients.delete(person);
  await client?.dispose();
}

/** A new session of `person`, opened directly in the database (for cells that end it). */
async function freshSession(person: Person): Promise<string> {
  const secret = newSecret();
  await t.database.db.dataSource.query(
    `INSERT INTO user_session (token_hash, user_id, expires_at)
     SELECT $1, id, now() + interval '1 hour' FROM app_user WHERE email = $2`,
    [hashSecret(secret), EMAILS[person]],
  );
  return `${SESSION_COOKIE}=${secret}`;
}

interface Credentials {
  cookie?: string;
  bearer?: string;
}

async function credentialsOf(caller: Caller, transport: Transport, fresh: boolean) {
  if (caller === "anonymous") return {};
  if (caller === "tokenA") return { bearer: tokenA };
  return { cookie: fresh ? await freshSession(caller) : await sharedSession(caller, transport) };
}

function wsClientFor(credentials: Credentials): Client {
  return t.ws({
    headers: credentials.cookie ? { cookie: credentials.cookie } : undefined,
    connectionParams: credentials.bearer
      ? { authorization: `Bearer ${credentials.bearer}` }
      : undefined,
  });
}

async function send(
  transport: Transport,
  caller: Caller,
  credentials: Credentials,
  own: boolean,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse> {
  if (transport === "http") {
    const headers: Record<string, string> = {};
    if (credentials.cookie) headers.cookie = credentials.cookie;
    if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
    return t.gql(query, variables, headers);
  }
  const request = /^\s*subscription\b/.test(query) ? firstEvent : wsRequest;
  if (own) {
    const client = wsClientFor(credentials);
    try {
      return await request(client, query, variables);
    } finally {
      await client.dispose();
    }
  }
  if (!wsClients.has(caller)) wsClients.set(caller, wsClientFor(credentials));
  return request(wsClients.get(caller)!, query, variables);
}

/** Subscribes, resolves with the first event (or the refusal), then unsubscribes. */
function firstEvent(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse> {
  const response = (body: Partial<GraphQLResponse>) => ({
    status: 0,
    headers: new Headers(),
    ...body,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(response({ errors: [{ message: "no event within 5 s" }] }));
    }, 5_000);
    const settle = (value: GraphQLResponse | Error, ok = true) => {
      clearTimeout(timer);
      unsubscribe();
      if (ok) resolve(value as GraphQLResponse);
      else reject(value);
    };
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (value) => settle(response(value as Partial<GraphQLResponse>)),
        error: (error) =>
          Array.isArray(error)
            ? settle(response({ errors: error }))
            : settle(error instanceof Error ? error : new Error(JSON.stringify(error)), false),
        complete: () => settle(response({ errors: [{ message: "completed without an event" }] })),
      },
    );
  });
}

/* ---------- outcome of one response ---------- */

/** Union members of a root field's result that are not errors. */
function successTypes(field: GraphQLField<unknown, unknown>): Set<string> | null {
  const type = getNamedType(field.type);
  if (!isUnionType(type)) return null;
  return new Set(
    type
      .getTypes()
      .filter((member) => !member.getInterfaces().some((i) => i.name === "ErrorResult"))
      .map((member) => member.name),
  );
}

function rootField(operation: string): GraphQLField<unknown, unknown> {
  const [root, name] = operation.split(".");
  const type =
    root === "Query"
      ? schema.getQueryType()
      : root === "Mutation"
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const field = type?.getFields()[name];
  if (!field) throw new Error(`${operation} is not in the schema`);
  return field;
}

function outcomeOf(operation: string, res: GraphQLResponse): string {
  if (res.errors?.length) {
    const codes = [...new Set(res.errors.map((e) => String(e.extensions?.code ?? e.message)))];
    return codes.join(",");
  }
  const field = rootField(operation);
  const value = res.data?.[field.name];
  if (value === undefined) return `no data: ${JSON.stringify(res)}`;
  const success = successTypes(field);
  if (success && !success.has(value.__typename)) return `result ${value.__typename}`;
  return OK;
}

/* ---------- the table, over both transports ---------- */

const cells = (transport: Transport) =>
  (Object.keys(ROWS) as Operation[]).flatMap((operation) =>
    CALLERS.map((caller) => {
      const expectation = ROWS[operation].expect[caller];
      const expected = typeof expectation === "string" ? expectation : expectation[transport];
      return { operation, caller, expected };
    }),
  );

describe.each(["http", "ws"] as const)("authorization table over %s", (transport) => {
  it.each(cells(transport))("$operation as $caller: $expected", async (cell) => {
    const { operation, caller, expected } = cell;
    const row = ROWS[operation];
    const own = Boolean(row.endsSession) && isPerson(caller);
    const credentials = await credentialsOf(caller, transport, own);
    const variables = (await row.variables?.(fixtures)) ?? {};
    const res = await send(transport, caller, credentials, own, row.query, variables);
    if (row.endsSession === "all" && isPerson(caller)) {
      await forgetSessions(caller);
    }
    expect(outcomeOf(operation, res)).toBe(expected);
  });
});

/* ---------- completeness and exposure ---------- */

describe("the table", () => {
  it("has exactly one row per root field of the schema", () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const inSchema = roots.flatMap((type) =>
      type ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [],
    );
    expect(inSchema.sort()).toEqual(Object.keys(ROWS).sort());
  });

  it("covers root fields that all declare their authorization rule", () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const rules = ["USER", "ADMIN", "COORDINATOR", "MEMBER", "TOKEN"];
    for (const type of roots) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const auth = field.extensions?.auth;
        const declared =
          auth === "public" ||
          (Array.isArray(auth) && auth.length > 0 && auth.every((r) => rules.includes(r)));
        expect({ field: `${type!.name}.${field.name}`, declared }).toEqual({
          field: `${type!.name}.${field.name}`,
          declared: true,
        });
      }
    }
  });
});

describe("row-level rules the table does not show", () => {
  const INVITE = `mutation ($input: InviteUserInput!) { inviteUser(input: $input) { __typename } }`;

  it("a manager may invite staff only: not a manager, nor a coordinator", async () => {
    const cookie = await freshSession("managerA");
    const asManager = {
      email: "futur-responsable@maillage.test",
      structureId: fixtures.A,
      role: "MANAGER",
    };
    const asCoordinator = { email: "futur-coordinateur@maillage.test", globalRole: "COORDINATOR" };
    for (const input of [asManager, asCoordinator]) {
      const res = await t.gql(INVITE, { input }, { cookie });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual([FORBIDDEN]);
    }
    const left = await t.database.db.dataSource.query(
      `SELECT 1 FROM invitation WHERE email IN ($1, $2)`,
      [asManager.email, asCoordinator.email],
    );
    expect(left).toHaveLength(0);
  });
});

describe("the schema exposes no secret", () => {
  it("has no password, hash or token field on an output type, but the one-time token", () => {
    const exposed: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      // Mutation names (resetPassword…) are operations, not data: what they return is checked.
      if (type === schema.getMutationType()) continue;
      for (const field of Object.keys(type.getFields())) {
        if (/password|hash|secret|salt|^token$/i.test(field)) exposed.push(`${type.name}.${field}`);
      }
    }
    expect(exposed).toEqual(["CreatedApiToken.token"]);
  });
});
