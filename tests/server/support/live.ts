import type { Client } from "graphql-ws";

export const EVENTS = `subscription Events($s: ID!, $after: String) {
  referralEvents(structureId: $s, after: $after) { id cursor type fromStatus toStatus referral { id status } } }`;

export interface Collected {
  events: {
    id: string;
    cursor: string;
    type: string;
    toStatus: string;
    referral: { id: string; status: string };
  }[];
  errors: unknown[];
  completed: boolean;
  stop(): void;
}

/** Subscribes and collects everything the stream sends. */
export function collect(client: Client, structureId: string, after?: string): Collected {
  const out: Collected = { events: [], errors: [], completed: false, stop: () => undefined };
  out.stop = client.subscribe(
    { query: EVENTS, variables: { s: structureId, after } },
    {
      next: (value: any) => {
        if (value.errors) out.errors.push(...value.errors);
        if (value.data?.referralEvents) out.events.push(value.data.referralEvents);
      },
      error: (error) => out.errors.push(error),
      complete: () => (out.completed = true),
    },
  );
  return out;
}

/** Waits until `predicate` holds (polling), or fails after `ms`. */
export async function waitFor(
  predicate: () => boolean,
  ms = 5000,
  what = "condition",
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets a possibly late message arrive before asserting that nothing came. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
