import { badInput } from "../../graphql/errors";

const DISTRICT_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** District codes are slugs such as `nantes-nord`; anything else is refused before SQL. */
export function assertDistrictCode(code: string, argument: string): void {
  if (!DISTRICT_CODE.test(code))
    throw badInput(`"${code.slice(0, 60)}" is not a district code`, argument);
}
