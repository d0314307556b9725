// The fault suite's own jest project (`npm run test:faults`): production servers in child
// processes and a throwaway PostgreSQL cluster, one scenario after the other.
const root = require("node:path").resolve(__dirname, "../..");
const server = require(`${root}/package.json`).jest.projects.find(
  (p) => p.displayName === "server",
);

module.exports = {
  rootDir: root,
  displayName: "faults",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/faults"],
  testMatch: ["**/*.test.ts"],
  transform: server.transform,
  setupFiles: ["<rootDir>/tests/setup.ts"],
  testTimeout: 120000,
  maxWorkers: 1,
};
