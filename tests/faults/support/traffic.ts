/**
 * Real traffic for the fault suite: closed-loop clients sending anonymous directory searches and
 * `createReferral`s to one structure, as the web app sends them. A create that fails with 503 or
 * a broken connection is retried with the same idempotency key, as the client does, so each one
 * ends acknowledged exactly once or not at all; the suite then checks the rows in SQL.
 */
import { CREATE_REFERRAL, DIRECTORY } from "../../../bench/load/documents";
import { searchVariables, seededRandom, type World } from "../../../bench/load/mix";

export interface TrafficTally {
  requests: number;
  /** Outcome → count: `200`, `503 SERVICE_UNAVAILABLE`, `network ECONNREFUSED`, … */
  outcomes: Map<string, number>;
  /** Situation tags of the referrals the API acknowledged. */
  acknowledged: string[];
  /** Creates given up on (never acknowledged by the end). */
  abandoned: number;
  /** The first error message of each failed outcome, to say what went wrong. */
  samples: Map<string, string>;
}

export interface TrafficOptions {
  /** Base URLs to send to, in turn (`http://127.0.0.1:port`). */
  targets: () => string[];
  world: World;
  /** The structure every referral goes to (its subscriber counts the events). */
  receiverStructureId: string;
  runId: string;
  clients?: number;
  /** Share of creates among requests (the rest are anonymous searches). */
  createShare?: number;
}

interface Answer {
  outcome: string;
  body?: { data?: Record<string, { __typename?: string; id?: string }>; errors?: unknown[] };
}

async function post(base: string, body: string, cookie?: string): Promise<Answer> {
  try {
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let json: Answer["body"];
    try {
      json = JSON.parse(text);
    } catch {
      return { outcome: `${res.status} not JSON` };
    }
    const code = (json?.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions
      ?.code;
    return { outcome: code ? `${res.status} ${code}` : String(res.status), body: json };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { outcome: `network ${cause?.code ?? (error as Error).name}` };
  }
}

const retryable = (outcome: string) =>
  outcome === "503 SERVICE_UNAVAILABLE" || outcome.startsWith("network ");

/** Runs until `stop()` is called; `stop` resolves with the tally once every client is done. */
export function startTraffic(options: TrafficOptions): { stop(): Promise<TrafficTally> } {
  const tally: TrafficTally = {
    requests: 0,
    outcomes: new Map(),
    acknowledged: [],
    abandoned: 0,
    samples: new Map(),
  };
  const count = (outcome: string, answer?: Answer) => {
    tally.requests++;
    if (outcome !== "200" && !tally.samples.has(outcome))
      tally.samples.set(outcome, JSON.stringify(answer?.body?.errors ?? outcome).slice(0, 500));
    tally.outcomes.set(outcome, (tally.outcomes.get(outcome) ?? 0) + 1);
  };
  const senders = options.world.members.filter(
    (m) => m.structureId !== options.receiverStructureId,
  );
  const offers = options.world.offers.filter((o) => o.structureId === options.receiverStructureId);
  let stopping = false;
  let turn = 0;
  const target = () => {
    const list = options.targets();
    return list[turn++ % list.length];
  };

  async function create(random: () => number, serial: string) {
    const member = senders[Math.floor(random() * senders.length)];
    const offer = offers[Math.floor(random() * offers.length)];
    const tag = `Panne ${options.runId} ${serial}`;
    const body = JSON.stringify({
      query: CREATE_REFERRAL,
      variables: {
        idempotencyKey: `faults-${options.runId}-${serial}`,
        input: {
          senderStructureId: member.structureId,
          receiverStructureId: options.receiverStructureId,
          receiverOfferId: offer.offerId,
          need: offer.need,
          situation: tag,
          consent: { given: true, wordingVersion: "2026-11" },
          resident: {
            firstName: "Camille",
            contactChannel: "PHONE",
            contactValue: "06 12 34 56 78",
          },
        },
      },
    });
    // Retried like the web client: same key, growing pauses, until acknowledged or the
    // traffic has stopped for a while.
    for (let attempt = 0, stopAt = Infinity; ; attempt++) {
      const answer = await post(target(), body, member.cookie);
      count(answer.outcome, answer);
      const referral = answer.body?.data?.createReferral;
      if (answer.outcome === "200" && referral?.__typename === "Referral") {
        tally.acknowledged.push(tag);
        return;
      }
      if (!retryable(answer.outcome)) return; // counted; the suite fails on any such outcome
      if (stopping) stopAt = Math.min(stopAt, Date.now() + 30_000);
      if (Date.now() > stopAt) {
        tally.abandoned++;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 2_000)));
    }
  }

  async function client(index: number) {
    const random = seededRandom(1000 + index);
    for (let n = 0; !stopping; n++) {
      if (random() < (options.createShare ?? 0.3)) await create(random, `${index}-${n}`);
      else {
        const variables = searchVariables(random, options.world);
        const answer = await post(target(), JSON.stringify({ query: DIRECTORY, variables }));
        count(answer.outcome, answer);
        // Searches are not retried: a failed one is counted and the client moves on.
        if (answer.outcome !== "200") await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  const running = Array.from({ length: options.clients ?? 6 }, (_, i) => client(i));
  return {
    async stop() {
      stopping = true;
      await Promise.all(running);
      return tally;
    },
  };
}
