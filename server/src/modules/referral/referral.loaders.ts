import DataLoader from "dataloader";
import { type DataSource, In } from "typeorm";
import { createReadAuditor } from "../audit/audit.service";
import type { Viewer } from "../identity/viewer";
import { ServiceOffer } from "../offer/offer.entity";
import type { ReferralEventView } from "./referral.type";

export function createReferralLoaders(dataSource: DataSource, viewer: Viewer, ip: string | null) {
  return {
    offerById: new DataLoader<string, ServiceOffer | null>(async (ids) => {
      const rows = await dataSource.getRepository(ServiceOffer).findBy({ id: In([...ids]) });
      return ids.map((id) => rows.find((o) => o.id === id) ?? null);
    }),
    eventsByReferral: new DataLoader<string, ReferralEventView[]>(async (ids) => {
      const rows: Record<string, unknown>[] = await dataSource.query(
        `SELECT id::text, referral_id, type, from_status, to_status, actor_type, actor_id, at
           FROM referral_event WHERE referral_id = ANY($1::uuid[]) ORDER BY id`,
        [ids],
      );
      const events = rows.map((r) => ({
        id: r.id as string,
        cursor: r.id as string,
        referralId: r.referral_id as string,
        type: r.type,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actorType: r.actor_type,
        actorId: r.actor_id,
        at: r.at,
      })) as ReferralEventView[];
      return ids.map((id) => events.filter((e) => e.referralId === id));
    }),
    /** Every read of residents' data is audited (see createReadAuditor). */
    residentRead: createReadAuditor(dataSource, viewer, ip, "referral"),
  };
}
