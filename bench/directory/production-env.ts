/**
 * Imported first by run.ts: graphql-js and express read `process.env.NODE_ENV` when they load
 * (graphql-js runs extra `instanceOf` checks on every value outside production), so the app is
 * measured as it runs in production.
 */
process.env.NODE_ENV = "production";
