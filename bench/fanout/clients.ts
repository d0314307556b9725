/**
 * A client process of the fan-out benchmark: holds graphql-ws subscribers (the `graphql-ws` client
 * over `ws`, as a partner's integration would) and timestamps every event they receive with the
 * machine-wide monotonic clock. Driven by run.ts over the IPC channel (see protocol.ts).
 */
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import {
  type ClientCommand,
  type ClientReply,
  type CollectReply,
  type ConnectReply,
  monotonicMs,
  type Subscriber,
} from "./protocol";

export const SUBSCRIPTION = `subscription Fanout($s: ID!) {
  referralEvents(structureId: $s) { id cursor type toStatus referral { id status } } }`;

/** No compression (the server does not offer it either); frames are JSON text from our server. */
class BenchWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols, { perMessageDeflate: false, skipUTF8Validation: true });
  }
}

/** Open subscribers; `closing` is set once we close one ourselves (its completion is no problem). */
const clients: { client: Client; closing: boolean }[] = [];
const receipts = new Map<number, number[]>();
const errors: string[] = [];
const closes: Record<string, number> = {};
let outOfOrder = 0;
let startedCpu = process.cpuUsage();
let startedWall = monotonicMs();

function note(list: string[], text: string) {
  if (list.length < 20) list.push(text.slice(0, 300));
}

/** Opens one subscriber; resolves once the server acknowledged its connection_init. */
function open(subscriber: Subscriber): Promise<void> {
  let lastId = 0;
  let acked = false;
  const entry = { client: null as unknown as Client, closing: false };
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: subscriber.url.replace(/^http/, "ws") + "/graphql",
      webSocketImpl: BenchWebSocket,
      connectionParams: { authorization: `Bearer ${subscriber.token}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: (error) => {
        if (!acked) reject(new Error(describe(error)));
      },
      on: {
        connected: () => {
          acked = true;
          resolve();
        },
        closed: (event) => {
          if (entry.closing) return;
          const code = String((event as { code?: number })?.code ?? "?");
          closes[code] = (closes[code] ?? 0) + 1;
          if (!acked) reject(new Error(`closed before ack: ${code}`));
        },
      },
    });
    entry.client = client;
    clients.push(entry);
    client.subscribe(
      { query: SUBSCRIPTION, variables: { s: subscriber.structureId } },
      {
        next: (value: any) => {
          const at = monotonicMs();
          if (value.errors) note(errors, JSON.stringify(value.errors));
          const event = value.data?.referralEvents;
          if (!event) return;
          const id = Number(event.id);
          if (id <= lastId) outOfOrder++;
          lastId = id;
          let times = receipts.get(id);
          if (!times) receipts.set(id, (times = []));
          times.push(at);
        },
        error: (error) => note(errors, describe(error)),
        complete: () => {
          if (!entry.closing) note(errors, "subscription completed by the server");
        },
      },
    );
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error);
  const e = error as { code?: number; reason?: string; type?: string };
  if (e && (e.code || e.type)) return `close ${e.code ?? ""} ${e.reason ?? e.type ?? ""}`;
  return String(error);
}

/** Opens `subscribers` with at most `concurrency` handshakes in flight. */
async function connect(subscribers: Subscriber[], concurrency: number): Promise<ConnectReply> {
  const started = monotonicMs();
  let next = 0;
  let connected = 0;
  let failed = 0;
  let firstError: string | null = null;
  const lane = async () => {
    while (next < subscribers.length) {
      const subscriber = subscribers[next++];
      try {
        await open(subscriber);
        connected++;
      } catch (error) {
        failed++;
        firstError ??= describe(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, subscribers.length) }, lane));
  return { connected, failed, firstError, ms: monotonicMs() - started };
}

async function handle(command: ClientCommand): Promise<unknown> {
  switch (command.type) {
    case "connect":
      return connect(command.subscribers, command.concurrency);
    case "count":
      return receipts.get(command.eventId)?.length ?? 0;
    case "start":
      startedCpu = process.cpuUsage();
      startedWall = monotonicMs();
      return null;
    case "collect": {
      const cpu = process.cpuUsage(startedCpu);
      const reply: CollectReply = {
        receipts: Object.fromEntries(command.eventIds.map((id) => [id, receipts.get(id) ?? []])),
        outOfOrder,
        errors,
        closes,
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: monotonicMs() - startedWall,
      };
      return reply;
    }
    case "close":
      for (const entry of clients) entry.closing = true;
      await Promise.all(clients.map((entry) => entry.client.dispose()));
      clients.length = 0;
      return null;
  }
}

process.on("message", (command: ClientCommand) => {
  handle(command).then(
    (value) => process.send!({ id: command.id, ok: true, value } satisfies ClientReply),
    (error: unknown) =>
      process.send!({ id: command.id, ok: false, error: describe(error) } satisfies ClientReply),
  );
});
process.on("disconnect", () => process.exit(0));
