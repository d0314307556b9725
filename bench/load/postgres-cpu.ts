/** The CPU of the machine's PostgreSQL, read from /proc, to set beside the server's. */
import fs from "node:fs";

const TICKS = Number(process.env.CLK_TCK || 100);

/**
 * CPU seconds (user + system) used so far by every live process named `postgres`: the
 * benchmark's backends, but also the cluster's background processes and any other database's
 * sessions, so read it on a quiet machine. Processes that exit between two readings take
 * their CPU with them (the pool's connections live through a run).
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const open = stat.indexOf("(");
      const close = stat.lastIndexOf(")");
      if (stat.slice(open + 1, close) !== "postgres") continue;
      const fields = stat.slice(close + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return ticks / TICKS;
}
