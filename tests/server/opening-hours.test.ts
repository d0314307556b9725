import {
  checkOpeningHours,
  describeOpeningHours,
  nextChanges,
  weeklyIntervals,
} from "../../server/src/modules/structure/opening-hours";
import { fromParisWallDate, toParisWallDate } from "../../server/src/modules/structure/paris-time";

const parse = (value: string) => {
  const check = checkOpeningHours(value);
  if (!check.ok) throw new Error(check.message);
  return check.parser;
};
const hm = (minute: number) =>
  `${Math.floor((minute % 1440) / 60)}:${String(minute % 60).padStart(2, "0")}`;

describe("weekly intervals", () => {
  it("turns the standard's example into minutes of the week", () => {
    const intervals = weeklyIntervals(parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"));
    expect(intervals).toHaveLength(11);
    expect(intervals[0]).toEqual({ opensAt: 540, closesAt: 720 });
    expect(intervals[1]).toEqual({ opensAt: 840, closesAt: 1110 });
    expect(intervals.at(-1)).toEqual({ opensAt: 5 * 1440 + 510, closesAt: 5 * 1440 + 720 });
  });

  it("ignores holidays rules in the weekly pattern and splits at the end of Sunday", () => {
    expect(weeklyIntervals(parse("Mo-Fr 09:00-17:00; PH off"))).toHaveLength(5);
    const night = weeklyIntervals(parse("Su 22:00-02:00"));
    expect(night.map((i) => [hm(i.opensAt), hm(i.closesAt)])).toEqual([
      ["0:00", "2:00"],
      ["22:00", "0:00"],
    ]);
    expect(night[1].closesAt).toBe(10080);
  });

  it("does not count 'unknown' (on appointment) as open", () => {
    expect(
      weeklyIntervals(parse('Mo 09:00-12:00; Tu 14:00-17:00 unknown "sur rendez-vous"')),
    ).toEqual([{ opensAt: 540, closesAt: 720 }]);
  });
});

describe("Paris wall time", () => {
  it.each([
    ["2026-01-15T08:30:00Z", "09:30"], // winter, UTC+1
    ["2026-07-15T08:30:00Z", "10:30"], // summer, UTC+2
    ["2026-03-29T00:59:00Z", "01:59"], // just before the spring change
    ["2026-03-29T01:00:00Z", "03:00"], // just after
    ["2026-10-25T00:30:00Z", "02:30"], // first 02:30 of the autumn change
    ["2026-10-25T01:30:00Z", "02:30"], // second 02:30
  ])("%s is %s in Paris and converts back", (iso, wall) => {
    const instant = new Date(iso);
    const local = toParisWallDate(instant);
    expect(
      `${String(local.getHours()).padStart(2, "0")}:${String(local.getMinutes()).padStart(2, "0")}`,
    ).toBe(wall);
    if (iso !== "2026-10-25T00:30:00Z")
      expect(fromParisWallDate(local).toISOString()).toBe(instant.toISOString());
  });
});

describe("next opening and closing", () => {
  const oh = parse("Mo-Fr 09:00-12:00,14:00-17:00");

  it("is open at 09:30 Paris time in winter and in summer, whatever the server's zone", () => {
    expect(nextChanges(oh, new Date("2026-01-15T08:30:00Z")).open).toBe(true); // Thursday 09:30 CET
    expect(nextChanges(oh, new Date("2026-07-16T07:30:00Z")).open).toBe(true); // Thursday 09:30 CEST
    expect(nextChanges(oh, new Date("2026-07-16T06:30:00Z")).open).toBe(false); // 08:30 CEST
  });

  it("gives the instants of the next closing and opening", () => {
    const r = nextChanges(oh, new Date("2026-01-15T08:30:00Z"));
    expect(r.nextClosing!.toISOString()).toBe("2026-01-15T11:00:00.000Z"); // 12:00 CET
    expect(r.nextOpening!.toISOString()).toBe("2026-01-15T13:00:00.000Z"); // 14:00 CET
    const friday = nextChanges(oh, new Date("2026-07-17T16:00:00Z")); // Friday 18:00 CEST
    expect(friday.open).toBe(false);
    expect(friday.nextOpening!.toISOString()).toBe("2026-07-20T07:00:00.000Z"); // Monday 09:00 CEST
  });

  it("knows French public holidays: closed on 14 July", () => {
    const holiday = parse("Mo-Fr 09:00-17:00; PH off");
    expect(nextChanges(holiday, new Date("2026-07-14T08:00:00Z")).open).toBe(false);
    expect(nextChanges(holiday, new Date("2026-07-15T08:00:00Z")).open).toBe(true);
  });
});

describe("what a structure shows, answered once per value and minute", () => {
  it("is the same answer at every second of a minute, up to the closing minute", () => {
    const value = "Mo-Fr 09:00-12:00,14:00-17:00";
    const at = (iso: string) => describeOpeningHours(value, new Date(iso))!;
    const early = at("2026-01-15T10:59:01Z"); // Thursday 11:59:01 CET
    const late = at("2026-01-15T10:59:59Z");
    expect(late).toEqual(early);
    expect(early.openNow).toBe(true);
    expect(early.nextClosingAt!.toISOString()).toBe("2026-01-15T11:00:00.000Z");
    const closed = at("2026-01-15T11:00:00Z"); // 12:00 CET: closed from this minute
    expect(closed.openNow).toBe(false);
    expect(closed.nextOpeningAt!.toISOString()).toBe("2026-01-15T13:00:00.000Z");
    expect(closed.weekly).toHaveLength(10);
  });

  it("follows the clock change within the same day", () => {
    // Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    expect(toParisWallDate(new Date("2026-03-29T00:59:00Z")).getHours()).toBe(1);
    expect(toParisWallDate(new Date("2026-03-29T01:00:00Z")).getHours()).toBe(3);
    const sunday = describeOpeningHours("Su 03:00-04:00", new Date("2026-03-29T01:30:00Z"))!;
    expect(sunday.openNow).toBe(true); // 03:30 CEST
    expect(sunday.nextClosingAt!.toISOString()).toBe("2026-03-29T02:00:00.000Z");
  });

  it("gives null for a value the library cannot read", () => {
    expect(describeOpeningHours("not hours at all", new Date())).toBeNull();
  });
});
