import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { getSchema } from "../graphql/schema";

/** Writes schema/schema.graphql, or with --check fails when the committed file is stale. */
async function main() {
  const target = path.resolve(__dirname, "../../../schema/schema.graphql");
  const header =
    "# Generated from the server's resolvers by `npm run schema:emit`. Do not edit.\n\n";
  const text = header + printSchema(lexicographicSortSchema(await getSchema())) + "\n";
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current !== text) {
      process.stderr.write(
        "schema/schema.graphql is stale: run `npm run schema:emit` and commit it.\n",
      );
      process.exit(1);
    }
    process.stdout.write("schema/schema.graphql is current.\n");
    return;
  }
  fs.writeFileSync(target, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}

void main();
