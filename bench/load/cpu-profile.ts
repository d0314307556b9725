/**
 * Where the server's CPU went: reads the V8 `.cpuprofile` node wrote (`--cpu-prof`) and sums the
 * self time of its samples by function and by package (node_modules/<name>, our own code, node).
 */
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function packageOf(url: string): string {
  if (!url) return "(V8 / native)";
  if (url.startsWith("node:")) return "node core";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes("/server/dist/")) return "maillage server";
  return url;
}

export function newestProfile(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files[0] ?? null;
}

/** Self time per package and the top functions, as two Markdown tables. */
export function summariseProfile(file: string, top = 20): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === "(idle)") continue;
    const pkg = packageOf(callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const where = callFrame.url
      ? `${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}`
      : "";
    const name = `${callFrame.functionName || "(anonymous)"} ${where} [${pkg}]`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const share = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
  const rows = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, us]) =>
          `| ${name.replaceAll("|", "\\|")} | ${(us / 1000).toFixed(0)} | ${share(us)} |`,
      );
  return [
    `CPU profile: ${path.basename(file)}, ${(total / 1e6).toFixed(1)} s sampled`,
    "",
    "| package | self ms | share |",
    "|---|--:|--:|",
    ...rows(packages, 15),
    "",
    "| function | self ms | share |",
    "|---|--:|--:|",
    ...rows(functions, top),
  ].join("\n");
}
