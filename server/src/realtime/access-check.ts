import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Viewer } from "../modules/identity/viewer";

/**
 * Whether a subscriber's credential (a session or an API token) still gives access to a
 * structure. Checked before every event; the checks of all subscribers waiting on the same
 * events are batched into one statement.
 */
export function createAccessChecker(dataSource: DataSource) {
  const loader = new DataLoader<string, boolean>(
    async (keys) => {
      const sessions = new Set<string>();
      const tokens = new Set<string>();
      for (const key of keys) {
        const [kind, id] = key.split("|");
        (kind === "session" ? sessions : tokens).add(id);
      }
      const rows: { key: string }[] = await dataSource.query(
        `SELECT 'session|' || s.id || '|' || m.structure_id AS key
           FROM user_session s JOIN membership m ON m.user_id = s.user_id
          WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now()
         UNION ALL
         SELECT 'token|' || t.id || '|' || t.structure_id
           FROM api_token t WHERE t.id = ANY($2::uuid[]) AND t.revoked_at IS NULL`,
        [[...sessions], [...tokens]],
      );
      const valid = new Set(rows.map((r) => r.key));
      return keys.map((key) => valid.has(key));
    },
    { cache: false },
  );
  return (viewer: Viewer, structureId: string): Promise<boolean> => {
    if (viewer.kind === "user") return loader.load(`session|${viewer.sessionId}|${structureId}`);
    if (viewer.kind === "token") return loader.load(`token|${viewer.tokenId}|${structureId}`);
    return Promise.resolve(false);
  };
}

export type AccessChecker = ReturnType<typeof createAccessChecker>;
