import DataLoader from "dataloader";
import { type DataSource, In } from "typeorm";
import { Membership } from "./membership.entity";
import { User } from "./user.entity";

export function createIdentityLoaders(dataSource: DataSource) {
  return {
    userById: new DataLoader<string, User | null>(async (ids) => {
      const rows = await dataSource.getRepository(User).findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    membershipsByUser: new DataLoader<string, Membership[]>(async (userIds) => {
      const rows = await dataSource.getRepository(Membership).find({
        where: { userId: In([...userIds]) },
        order: { createdAt: "ASC" },
      });
      return userIds.map((id) => rows.filter((m) => m.userId === id));
    }),
    /** When each person last opened a session (password or ProConnect), in one statement. */
    lastSignInByUser: new DataLoader<string, Date | null>(async (userIds) => {
      const rows: { user_id: string; at: Date }[] = await dataSource.query(
        `SELECT user_id, max(created_at) AS at FROM user_session
          WHERE user_id = ANY($1::uuid[]) GROUP BY user_id`,
        [[...userIds]],
      );
      const byUser = new Map(rows.map((r) => [r.user_id, r.at]));
      return userIds.map((id) => byUser.get(id) ?? null);
    }),
  };
}
