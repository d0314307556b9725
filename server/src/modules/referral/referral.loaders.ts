import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { readQuery } from "../../db/read-query";
import { createReadAuditor } from "../audit/audit.service";
import type { Viewer } from "../identity/viewer";
import { ServiceOffer } from "../offer/offer.entity";
import type { ReferralEventView } from "./referral.type";

export function createReferralLoaders(dataSource: DataSource, viewer: Viewer, ip: string | null) {
  const offersSql = `SELECT ${selectColumns(dataSource, ServiceOffer)} FROM service_offer WHERE id = ANY($1::uuid[])`;
  return {
    offerById: new DataLoader<string, ServiceOffer | null>(async (ids) => {
      const rows = hydrate(dataSource, ServiceOffer, await readQuery(dataSource, offersSql, [ids]));
      const byId = new Map(rows.map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    // Ordered by the bigint id: a bare `ORDER BY id` would sort the text column of that name
    // ("10" before "9").
    eventsByReferral: new DataLoader<string, ReferralEventView[]>(async (ids) => {
      const rows = await readQuery(
        dataSource,
        `SELECT id::text, referral_id, type, from_status, to_status, actor_type, actor_id, at
           FROM referral_event WHERE referral_id = ANY($1::uuid[]) ORDER BY referral_event.id`,
        [ids],
      );
      const byReferral = new Map<string, ReferralEventView[]>();
      for (const r of rows) {
        const event = {
          id: r.id as string,
          cursor: r.id as string,
          referralId: r.referral_id as string,
          type: r.type,
          fromStatus: r.from_status,
          toStatus: r.to_status,
          actorType: r.actor_type,
          actorId: r.actor_id,
          at: r.at,
        } as ReferralEventView;
        const list = byReferral.get(event.referralId);
        if (list) list.push(event);
        else byReferral.set(event.referralId, [event]);
      }
      return ids.map((id) => byReferral.get(id) ?? []);
    }),
    /** Every read of residents' data is audited (see createReadAuditor). */
    residentRead: createReadAuditor(dataSource, viewer, ip, "referral"),
  };
}
