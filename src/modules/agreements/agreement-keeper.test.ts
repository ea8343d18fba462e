import { describe, expect, it } from "vitest";
import { ownKeeper, preferredKeeper } from "./agreement-keeper";

const [RCS, NCHR, CSO, NGO] = ["rcs", "nchr", "cso", "ngo"];
const keepers = [{ organisationId: RCS }, { organisationId: NCHR }];

describe("who keeps an agreement's register", () => {
  it("takes the user's organisation only when it is the one party of theirs", () => {
    expect(ownKeeper([RCS], [RCS, CSO])).toBe(RCS);
    expect(ownKeeper([RCS, RCS], [RCS, CSO])).toBe(RCS);
    expect(ownKeeper([RCS], [NGO, CSO])).toBeNull();
    expect(ownKeeper([RCS, CSO], [RCS, CSO])).toBeNull();
    expect(ownKeeper([], [RCS, CSO])).toBeNull();
  });

  it("preselects the user's organisation, else the party keeping most agreements, else none", () => {
    expect(preferredKeeper([NCHR], [RCS, NCHR, CSO], keepers)).toBe(NCHR);
    expect(preferredKeeper([], [CSO, RCS], keepers)).toBe(RCS);
    expect(preferredKeeper([NGO], [CSO, NCHR], keepers)).toBe(NCHR);
    // Two of the user's organisations are parties: the register decides between them.
    expect(preferredKeeper([NCHR, RCS], [NCHR, RCS], keepers)).toBe(RCS);
    expect(preferredKeeper([], [CSO, NGO], keepers)).toBeNull();
    expect(preferredKeeper([], [RCS, CSO], [])).toBeNull();
  });
});
