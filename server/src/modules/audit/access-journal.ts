import { Field, ObjectType } from "type-graphql";
import type { DataSource } from "typeorm";

/** One line of a record's audit trail, as the structures involved see it. */
@ObjectType({ description: "Who read or changed a record's personal data, and when." })
export class AccessJournalEntry {
  @Field()
  at: Date;

  @Field({ description: "e.g. `resident.recorded`, `resident.read`, `resident.erased`." })
  action: string;

  @Field({ description: "`user`, `token`, `system` or `anonymous`." })
  actorKind: string;

  @Field(() => String, {
    nullable: true,
    description: "The person's name or the API token's name; null for the system.",
  })
  actorName: string | null;
}

/** The newest `limit` entries about one subject, newest first, with who acted. */
export async function accessJournal(
  dataSource: DataSource,
  subjectType: string,
  subjectId: string,
  limit = 200,
): Promise<AccessJournalEntry[]> {
  const rows: { at: Date; action: string; actor_type: string; actor_name: string | null }[] =
    await dataSource.query(
      `SELECT a.at, a.action, a.actor_type,
              CASE a.actor_type WHEN 'user' THEN u.display_name WHEN 'token' THEN t.name END AS actor_name
         FROM audit_entry a
         LEFT JOIN app_user u ON a.actor_type = 'user' AND u.id = a.actor_id
         LEFT JOIN api_token t ON a.actor_type = 'token' AND t.id = a.actor_id
        WHERE a.subject_type = $1 AND a.subject_id = $2
        ORDER BY a.at DESC, a.id DESC
        LIMIT $3`,
      [subjectType, subjectId, limit],
    );
  return rows.map((r) =>
    Object.assign(new AccessJournalEntry(), {
      at: r.at,
      action: r.action,
      actorKind: r.actor_type,
      actorName: r.actor_name,
    }),
  );
}
