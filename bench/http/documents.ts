/**
 * The three documents of the HTTP benchmark: the smallest operation (`{ __typename }`), the
 * directory's first page as the web client asks for it (20 structures, no filter), and a
 * partner's board (its referrals, 50 rows, signed in).
 */
import { BOARD, DIRECTORY } from "../load/documents";

export interface BenchDocument {
  /** For `--only`: typename, directory, board. */
  key: string;
  name: string;
  body: string;
  /** Whether the request carries the partner's session cookie. */
  signedIn: boolean;
  /** Whether the goal (app ≥ 0.6 × bare) applies; the board's ratio is for information. */
  goal: boolean;
}

export function benchDocuments(boardStructureId: string): BenchDocument[] {
  return [
    {
      key: "typename",
      name: "{ __typename }",
      body: JSON.stringify({ query: "{ __typename }" }),
      signedIn: false,
      goal: true,
    },
    {
      key: "directory",
      name: "directory page",
      body: JSON.stringify({ query: DIRECTORY, variables: { filter: {}, first: 20 } }),
      signedIn: false,
      goal: true,
    },
    {
      key: "board",
      name: "board page",
      body: JSON.stringify({
        query: BOARD,
        variables: { structureId: boardStructureId, first: 50 },
      }),
      signedIn: true,
      goal: false,
    },
  ];
}
