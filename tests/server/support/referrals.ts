import type { TestApp } from "./test-app";

/** The fields of a Referral, for queries. */
export const REFERRAL_VIEW = `
    __typename id status version need declineReason outcome needsReminder anonymised answeredAt closedAt
    consent { givenAt wordingVersion }
    resident { firstName lastName contactChannel contactValue languages accessibilityNeeds situation }
    senderStructure { id } receiverStructure { id } receiverOffer { id }
    events { id type fromStatus toStatus actorType }`;

/** The fields of a ReferralResult union, for mutations. */
export const REFERRAL_FIELDS = `
  __typename
  ... on Referral { ${REFERRAL_VIEW} }
  ... on ErrorResult { errorCode message }
  ... on ValidationError { fields { path code message } }
  ... on ConflictError { currentVersion }
  ... on InvalidTransitionError { from to }`;

export const CREATE = `mutation Create($input: CreateReferralInput!) { createReferral(input: $input) { ${REFERRAL_FIELDS} } }`;

export function referralInput(
  sender: string,
  receiver: string,
  need: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    senderStructureId: sender,
    receiverStructureId: receiver,
    need,
    situation: "Besoin d'aide pour un dossier en ligne.",
    resident: {
      firstName: "Amina",
      lastName: "B.",
      contactChannel: "PHONE",
      contactValue: "06 12 34 56 78",
      languages: ["fr", "ar"],
    },
    consent: { given: true, wordingVersion: "2026-11" },
    ...overrides,
  };
}

type Transition = "accept" | "decline" | "complete" | "noShow" | "cancel";

const MUTATIONS: Record<Transition, string> = {
  accept: `mutation Accept($id: ID!, $v: Int!) { acceptReferral(id: $id, expectedVersion: $v) { ${REFERRAL_FIELDS} } }`,
  decline: `mutation Decline($id: ID!, $v: Int!, $input: DeclineInput!) { declineReferral(id: $id, expectedVersion: $v, input: $input) { ${REFERRAL_FIELDS} } }`,
  complete: `mutation Complete($id: ID!, $v: Int!, $input: CompleteInput!) { completeReferral(id: $id, expectedVersion: $v, input: $input) { ${REFERRAL_FIELDS} } }`,
  noShow: `mutation NoShow($id: ID!, $v: Int!) { markReferralNoShow(id: $id, expectedVersion: $v) { ${REFERRAL_FIELDS} } }`,
  cancel: `mutation Cancel($id: ID!, $v: Int!) { cancelReferral(id: $id, expectedVersion: $v) { ${REFERRAL_FIELDS} } }`,
};

/** Runs a transition as the caller behind `headers`; returns the result union value (or errors). */
export async function act(
  t: TestApp,
  name: Transition,
  id: string,
  version: number,
  headers: Record<string, string>,
  input?: Record<string, unknown>,
) {
  const res = await t.gql(MUTATIONS[name], { id, v: version, input }, headers);
  const data = res.data && Object.values(res.data)[0];
  return { value: data as Record<string, any> | null, errors: res.errors };
}
