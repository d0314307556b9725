/**
 * One server instance for the fan-out benchmark: the production entry point
 * (server/src/main.ts, unchanged), run in a child process so that its memory and CPU are measured
 * apart from the clients. The only addition is a probe on the IPC channel: on request it collects
 * garbage (node runs with --expose-gc) and reports `process.memoryUsage()` and `process.cpuUsage()`,
 * so that "memory per idle subscriber" is retained memory, not garbage waiting for the next GC.
 */
import type { ProbeCommand, ProbeReply } from "./protocol";
import "../../server/src/main";

const gc = (globalThis as { gc?: () => void }).gc;

// The benchmark is gone (crashed or killed): shut down as on SIGTERM rather than linger.
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));

process.on("message", (message: ProbeCommand) => {
  if (message?.type !== "probe" || !process.send) return;
  if (message.gc && gc) {
    gc();
    gc(); // a second full GC frees what the first one's finalizers released
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const reply: ProbeReply = {
    type: "probe",
    id: message.id,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
  };
  process.send(reply);
});
