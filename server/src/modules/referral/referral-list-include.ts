import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";
import { selectedFields } from "../../graphql/selection";

/**
 * What a page of referrals reads besides the referral rows themselves, from what the document
 * selects under `edges.node`: the partner board shows the ends' names, the offer's title and the
 * event ids, never the resident. Used to prepare work only: every field resolver still checks
 * access as it would on a full row.
 */
export interface ListInclude {
  /** The resident's data and the comments (`resident`, `comment`): read only when selected. */
  personal: boolean;
  /** Both ends as `{ id, name }`, joined in the list statement (nothing more of them selected). */
  structureNames: boolean;
  /** The receiving offer as `{ id, title }`, joined likewise. */
  offerTitles: boolean;
  /** The history's ids, aggregated in the list statement (nothing more of the events selected). */
  eventIds: boolean;
  /**
   * The referral columns the selected fields read (see REFERRAL_FIELD_COLUMNS), or null for every
   * column: a field without an entry there (or a resident's) reads the whole row.
   */
  columns: readonly string[] | null;
}

/** Full rows, and everything else through the loaders: what a caller without a selection gets. */
export const FULL_ROWS: ListInclude = {
  personal: true,
  structureNames: false,
  offerTitles: false,
  eventIds: false,
  columns: null,
};

/**
 * What each field of a listed referral reads of its row (ReferralView.from and the field
 * resolvers). Fields not listed here (`resident`, `comment`, `accessJournal`, any new one) make the
 * page read whole rows, so a field added later is never served a partial row by mistake.
 */
const REFERRAL_FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  __typename: [],
  id: [],
  status: ["status"],
  version: ["version"],
  need: ["need"],
  consent: ["consent_given_at", "consent_wording_version"],
  declineReason: ["decline_reason"],
  outcome: ["outcome"],
  createdAt: [],
  updatedAt: ["updated_at"],
  answeredAt: ["answered_at"],
  closedAt: ["closed_at"],
  expiresAt: ["expires_at"],
  needsReminder: ["reminder_flagged_at", "status"],
  anonymised: ["anonymised_at"],
  senderStructure: [],
  receiverStructure: [],
  receiverOffer: ["receiver_offer_id"],
  residentDistrict: ["resident_district_code"],
  events: [],
  household: ["household_id"],
};

/** Always read: the keys the page is ordered by, and both ends, which every access check uses. */
const ALWAYS = ["id", "created_at", "sender_structure_id", "receiver_structure_id"];

/** The field names selected directly in `set` (fragments followed), added to `names`. */
function fieldNames(set: SelectionSetNode, info: GraphQLResolveInfo, names: Set<string>): boolean {
  return set.selections.every((selection): boolean => {
    if (selection.kind === Kind.FIELD) {
      names.add(selection.name.value);
      return true;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return fieldNames(selection.selectionSet, info, names);
    const fragment = info.fragments[selection.name.value];
    return fragment !== undefined && fieldNames(fragment.selectionSet, info, names);
  });
}

/** The columns `nodes`' selections read, or null when one of them needs the whole row. */
function columnsFor(nodes: FieldNode[], info: GraphQLResolveInfo): readonly string[] | null {
  const names = new Set<string>();
  for (const node of nodes) {
    if (!node.selectionSet || !fieldNames(node.selectionSet, info, names)) return null;
  }
  const columns = new Set(ALWAYS);
  for (const name of names) {
    if (!Object.hasOwn(REFERRAL_FIELD_COLUMNS, name)) return null;
    REFERRAL_FIELD_COLUMNS[name].forEach((column) => columns.add(column));
  }
  return [...columns];
}

/** Whether `set` asks for no field outside `allowed` (fragments followed). */
function within(set: SelectionSetNode, allowed: ReadonlySet<string>, info: GraphQLResolveInfo) {
  return set.selections.every((selection): boolean => {
    if (selection.kind === Kind.FIELD) return allowed.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return within(selection.selectionSet, allowed, info);
    const fragment = info.fragments[selection.name.value];
    return fragment !== undefined && within(fragment.selectionSet, allowed, info);
  });
}

/** Selected at least once, and every time for `allowed` fields only. */
const onlyAsksFor = (nodes: FieldNode[], allowed: ReadonlySet<string>, info: GraphQLResolveInfo) =>
  nodes.length > 0 && nodes.every((n) => !n.selectionSet || within(n.selectionSet, allowed, info));

const STRUCTURE_NAME = new Set(["__typename", "id", "name"]);
const OFFER_TITLE = new Set(["__typename", "id", "title"]);
const EVENT_ID = new Set(["__typename", "id", "cursor"]);

/** Per field of a parsed document (documents are parsed once and kept by the server). */
const known = new WeakMap<FieldNode, ListInclude>();

/** What `referrals(…)` should read for the selection in `info`. */
export function listInclude(info: GraphQLResolveInfo): ListInclude {
  // One node: the field as written once in its document (several are merged selections).
  if (info.fieldNodes.length !== 1) return fromSelection(info);
  let include = known.get(info.fieldNodes[0]);
  if (!include) known.set(info.fieldNodes[0], (include = fromSelection(info)));
  return include;
}

function fromSelection(info: GraphQLResolveInfo): ListInclude {
  const node = (field: string) => selectedFields(info, ["edges", "node", field]);
  const ends = [...node("senderStructure"), ...node("receiverStructure")];
  const events = node("events");
  return {
    personal: node("resident").length > 0 || node("comment").length > 0,
    structureNames: onlyAsksFor(ends, STRUCTURE_NAME, info),
    offerTitles: onlyAsksFor(node("receiverOffer"), OFFER_TITLE, info),
    // Without arguments only: the field takes none today, a future filtered form would not match.
    eventIds: onlyAsksFor(events, EVENT_ID, info) && events.every((f) => !f.arguments?.length),
    columns: columnsFor(selectedFields(info, ["edges", "node"]), info),
  };
}
