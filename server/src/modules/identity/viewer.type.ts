import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Membership } from "./membership.entity";
import { User } from "./user.entity";
import type { Viewer } from "./viewer";

export enum ViewerKind {
  USER = "USER",
  TOKEN = "TOKEN",
}
registerEnumType(ViewerKind, { name: "ViewerKind" });

/** The caller: a signed-in person, or a partner's API token acting for its structure. */
@ObjectType("Viewer")
export class ViewerType {
  @Field(() => ViewerKind)
  kind: ViewerKind;

  @Field(() => User, { nullable: true, description: "The signed-in person; null for a token." })
  user: User | null;

  @Field(() => [Membership], { description: "The person's roles in structures." })
  memberships: Membership[];

  /** For a token, the structure it acts for; resolved by `structure`. */
  structureId: string | null;

  static from(viewer: Viewer): ViewerType | null {
    if (viewer.kind === "anonymous") return null;
    const type = new ViewerType();
    if (viewer.kind === "token") {
      Object.assign(type, {
        kind: ViewerKind.TOKEN,
        user: null,
        memberships: [],
        structureId: viewer.structureId,
      });
    } else {
      const memberships = viewer.memberships.map((m) =>
        Object.assign(new Membership(), { ...m, userId: viewer.user.id }),
      );
      Object.assign(type, {
        kind: ViewerKind.USER,
        user: viewer.user,
        memberships,
        structureId: null,
      });
    }
    return type;
  }
}
