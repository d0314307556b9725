// `npm start`: builds the server and the client when their sources are newer than their builds
// (so a start is fast when nothing changed), then runs the server in this same process, so that
// the signals npm forwards reach it (the script is `exec node …`, so no shell stands between
// npm and this process). Plain JavaScript: it runs before anything is built.
const { execSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");

/** Newest modification time of a file or, recursively, of a folder's files. */
function newest(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const name of fs.readdirSync(file)) {
    if (name !== "node_modules" && name !== "dist")
      latest = Math.max(latest, newest(path.join(file, name)));
  }
  return latest;
}

function stale(sources, output) {
  if (!fs.existsSync(output)) return true;
  return sources.some((s) => newest(path.join(root, s)) > fs.statSync(output).mtimeMs);
}

function run(script) {
  execSync(`npm run --silent ${script}`, { cwd: root, stdio: "inherit" });
}

const serverBuilt = fs.existsSync(path.join(root, "server/dist/main.js"));
if (!serverBuilt || stale(["server/src"], path.join(root, "server/tsconfig.tsbuildinfo")))
  run("build:server");
if (stale(["client/src", "client/index.html"], path.join(root, "client/dist/index.html")))
  run("build:client");

require("../dist/main.js");
