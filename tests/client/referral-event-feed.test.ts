import { type FeedSink, ReferralEventFeed } from "@/modules/board/hooks/referral-event-feed";

interface Ev {
  id: string;
}

function harness(initialCursor: string | null) {
  const opened: string[] = [];
  let sink: FeedSink<Ev> | null = null;
  const delivered: string[] = [];
  const states: string[] = [];
  const feed = new ReferralEventFeed<Ev>(
    (after, s) => {
      opened.push(after);
      sink = s;
      return () => {
        if (sink === s) sink = null;
      };
    },
    {
      initialCursor,
      onEvent: (e) => delivered.push(e.id),
      onState: (s) => states.push(s),
      retryDelayMs: () => 0,
    },
  );
  return { feed, opened, delivered, states, sink: () => sink! };
}

test("starts after the newest event shown, or from the beginning when there is none", () => {
  const a = harness("41");
  a.feed.start();
  expect(a.opened).toEqual(["41"]);
  const b = harness(null);
  b.feed.start();
  expect(b.opened).toEqual(["0"]);
});

test("delivers each event once, in order, even when a stream replays older ones", () => {
  const h = harness("10");
  h.feed.start();
  for (const id of ["9", "10", "11", "12", "11", "13"]) h.sink().next({ id });
  expect(h.delivered).toEqual(["11", "12", "13"]);
  expect(h.feed.lastCursor).toBe("13");
});

test("reopens after the last cursor when the stream fails or ends, and on restart", async () => {
  const h = harness("10");
  h.feed.start();
  h.sink().next({ id: "11" });
  h.sink().error(new Error("socket closed"));
  expect(h.states).toContain("retrying");
  await new Promise((r) => setTimeout(r, 5));
  expect(h.opened).toEqual(["10", "11"]);
  h.sink().next({ id: "12" });
  h.sink().complete();
  await new Promise((r) => setTimeout(r, 5));
  expect(h.opened).toEqual(["10", "11", "12"]);
  h.feed.restart();
  expect(h.opened).toEqual(["10", "11", "12", "12"]);
  h.feed.dispose();
});

test("compares cursors as numbers, beyond 2^53", () => {
  const h = harness("9007199254740993");
  h.feed.start();
  h.sink().next({ id: "9007199254740993" });
  h.sink().next({ id: "9007199254740994" });
  expect(h.delivered).toEqual(["9007199254740994"]);
});
