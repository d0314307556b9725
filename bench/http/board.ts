/**
 * A partner's board worth reading: the demo network has no referral, so a member signs in and
 * sends `count` referrals (through the app's own `createReferral`) to other structures' offers.
 */
import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import { CREATE_REFERRAL, LOGIN } from "../load/documents";
import { loginCookie } from "../load/world";
import { withClient } from "../support";

export interface Partner {
  email: string;
  structureId: string;
  cookie: string;
}

export async function partnerWithReferrals(
  benchUrl: string,
  port: number,
  count: number,
): Promise<Partner> {
  const { member, offers } = await withClient(benchUrl, async (c) => {
    const member = (
      await c.query(
        `SELECT u.email, m.structure_id FROM membership m JOIN app_user u ON u.id = m.user_id
          ORDER BY u.email LIMIT 1`,
      )
    ).rows[0] as { email: string; structure_id: string } | undefined;
    if (!member) throw new Error("the demo network has no member");
    const offers = (
      await c.query(
        `SELECT o.structure_id, o.id, o.category FROM service_offer o
           JOIN structure s ON s.id = o.structure_id
          WHERE o.active AND s.archived_at IS NULL AND o.structure_id <> $1 ORDER BY o.id`,
        [member.structure_id],
      )
    ).rows as { structure_id: string; id: string; category: string }[];
    if (offers.length === 0) throw new Error("no offer to refer to");
    return { member, offers };
  });
  const cookie = await loginCookie(
    port,
    JSON.stringify({ query: LOGIN, variables: { email: member.email, password: DEMO_PASSWORD } }),
  );
  for (let i = 0; i < count; i++) {
    const offer = offers[i % offers.length];
    const input = {
      senderStructureId: member.structure_id,
      receiverStructureId: offer.structure_id,
      receiverOfferId: offer.id,
      need: offer.category,
      situation: `Banc HTTP n°${i + 1}`,
      consent: { given: true, wordingVersion: "2026-11" },
      resident: { firstName: "Camille", contactChannel: "PHONE", contactValue: "06 12 34 56 78" },
    };
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query: CREATE_REFERRAL, variables: { input } }),
    });
    const text = await res.text();
    const typename = (JSON.parse(text) as { data?: { createReferral?: { __typename?: string } } })
      .data?.createReferral?.__typename;
    if (typename !== "Referral") throw new Error(`createReferral failed: ${text.slice(0, 500)}`);
  }
  return { email: member.email, structureId: member.structure_id, cookie };
}
