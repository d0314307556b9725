import type { BoardReferralFragment, ReferralStatus } from "@/gql/graphql";

export type BoardTab = "received" | "sent";
export type ColumnKey = "pending" | "accepted" | "closed" | "ended";

export const COLUMNS: { key: ColumnKey; statuses: ReferralStatus[] }[] = [
  { key: "pending", statuses: ["PENDING"] },
  { key: "accepted", statuses: ["ACCEPTED"] },
  { key: "closed", statuses: ["COMPLETED", "NO_SHOW"] },
  { key: "ended", statuses: ["DECLINED", "CANCELLED", "EXPIRED"] },
];

/** A pending referral this close to its expiry is highlighted. */
export const NEAR_EXPIRY_MS = 48 * 3600 * 1000;

export function isNearExpiry(r: Pick<BoardReferralFragment, "status" | "expiresAt">, now: number) {
  return r.status === "PENDING" && new Date(r.expiresAt).getTime() - now < NEAR_EXPIRY_MS;
}

export function tabOf(r: BoardReferralFragment, structureId: string): BoardTab {
  return r.receiverStructure.id === structureId ? "received" : "sent";
}

/** The tab's referrals by column; attention first (reminder, near expiry), then newest. */
export function groupByColumn(
  referrals: readonly BoardReferralFragment[],
  structureId: string,
  tab: BoardTab,
  now: number,
): Record<ColumnKey, BoardReferralFragment[]> {
  const columns: Record<ColumnKey, BoardReferralFragment[]> = {
    pending: [],
    accepted: [],
    closed: [],
    ended: [],
  };
  for (const r of referrals) {
    if (tabOf(r, structureId) !== tab) continue;
    const column = COLUMNS.find((c) => c.statuses.includes(r.status));
    if (column) columns[column.key].push(r);
  }
  const urgent = (r: BoardReferralFragment) => (r.needsReminder || isNearExpiry(r, now) ? 1 : 0);
  for (const list of Object.values(columns))
    list.sort((a, b) => urgent(b) - urgent(a) || b.createdAt.localeCompare(a.createdAt));
  return columns;
}

/** The newest event id among the referrals' histories: where the live stream resumes. */
export function newestEventId(histories: readonly { events?: readonly { id: string }[] | null }[]) {
  let newest: bigint | null = null;
  for (const h of histories)
    for (const e of h.events ?? []) {
      const id = BigInt(e.id);
      if (newest === null || id > newest) newest = id;
    }
  return newest === null ? null : newest.toString();
}
