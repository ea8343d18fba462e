import { describe, expect, it } from "vitest";
import { errorKeyOf } from "./incident-errors";

describe("the key of an incident field's message", () => {
  it("drops row numbers so that one message serves every row", () => {
    expect(errorKeyOf("placeId")).toBe("placeId");
    expect(errorKeyOf("persons.3.identity.name")).toBe("persons_identity_name");
    expect(errorKeyOf("trafficking.events.12.date")).toBe("trafficking_events_date");
  });
});
