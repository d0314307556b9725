import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../../..");

/** Newest modification time under a file or folder. */
function newest(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of fs.readdirSync(file)) latest = Math.max(latest, newest(path.join(file, name)));
  return latest;
}

/**
 * The e2e tests run the real server, which serves client/dist: build it once when it is missing
 * or older than the client's sources (as `npm start` does).
 */
export default function buildClient(): void {
  const index = path.join(root, "client/dist/index.html");
  const sources = ["client/src", "client/index.html", "client/vite.config.mts"].map((s) =>
    path.join(root, s),
  );
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (sources.every((s) => newest(s) <= built)) return;
  process.stdout.write("\nbuilding the client for the e2e tests…\n");
  // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execSync("npm run --silent build:client", {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}
