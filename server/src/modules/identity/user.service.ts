import type { Context } from "../../graphql/context";
import {
  type ConnectionShape,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from "../../graphql/connection";
import { User } from "./user.entity";

export async function listUsers(
  ctx: Context,
  first: number,
  after: string | null | undefined,
): Promise<ConnectionShape<User>> {
  const size = pageSize(first);
  const qb = ctx.dataSource
    .getRepository(User)
    .createQueryBuilder("u")
    .orderBy("lower(u.email)")
    .addOrderBy("u.id")
    .limit(size + 1);
  if (after) {
    const [email] = decodeCursor(after, ["string"] as const);
    qb.where("lower(u.email) > :email", { email });
  }
  const [rows, total] = await Promise.all([
    qb.getMany(),
    ctx.dataSource.getRepository(User).count(),
  ]);
  return toConnection(rows, size, total, Boolean(after), (u) =>
    encodeCursor([u.email.toLowerCase()]),
  );
}
