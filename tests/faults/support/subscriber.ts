/**
 * A partner's live board as the web client keeps it: a graphql-ws subscription to a structure's
 * referral events that, whenever it ends (socket closed, instance gone, error), subscribes again
 * with the cursor of the last event received, on the next instance in the list.
 */
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { EVENTS } from "../../server/support/live";

export interface ReceivedEvent {
  id: string;
  cursor: string;
  type: string;
  referral: { id: string };
}

export interface Subscriber {
  events: ReceivedEvent[];
  /** Close codes of the sockets that ended, and GraphQL error codes received. */
  closeCodes: number[];
  errorCodes: string[];
  resumes: number;
  /** Resolves when the first socket is acknowledged by the server. */
  connected: Promise<void>;
  stop(): Promise<void>;
}

export function startSubscriber(
  targets: () => string[],
  cookie: string,
  structureId: string,
): Subscriber {
  let markConnected = () => undefined as void;
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const out: Subscriber = {
    events: [],
    closeCodes: [],
    errorCodes: [],
    resumes: 0,
    connected,
    stop,
  };
  let stopped = false;
  let current: Client | null = null;
  let endCurrent = () => undefined as void;
  let turn = 0;
  class WebSocketWithCookie extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }

  async function once(): Promise<void> {
    const list = targets();
    const base = list[turn++ % list.length];
    const client = createClient({
      url: `${base.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocketWithCookie,
      retryAttempts: 0,
      lazy: true,
      on: {
        connected: () => markConnected(),
        closed: (event) => out.closeCodes.push((event as { code: number }).code),
      },
    });
    current = client;
    const after = out.events.at(-1)?.cursor;
    await new Promise<void>((resolve) => {
      endCurrent = resolve;
      client.subscribe(
        { query: EVENTS, variables: { s: structureId, after } },
        {
          next(value) {
            for (const e of value.errors ?? [])
              out.errorCodes.push(String(e.extensions?.code ?? e.message));
            const event = (value.data as { referralEvents?: ReceivedEvent } | undefined)
              ?.referralEvents;
            if (event) out.events.push(event);
          },
          error: () => resolve(),
          complete: () => resolve(),
        },
      );
    });
    await client.dispose();
  }

  const loop = (async () => {
    while (!stopped) {
      await once();
      if (stopped) break;
      out.resumes++;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();

  async function stop() {
    stopped = true;
    endCurrent();
    await current?.dispose();
    await loop;
  }
  return out;
}
