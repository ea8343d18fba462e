// The Rwanda Peace Partnership (seed 004) as example data, on both databases, and what its page is built from: the
// members' programmes and agreements by theme and place, where members overlap in the 3W, and their joint event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  contextAs,
  createOrganisationFixture,
  nationalGrant,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { createLesson } from "../library";
import { isPartnershipDemoAvailable, loadPartnershipDemo } from "./partnership-demo";
import { getPartnershipWork } from "./partnership-work.service";
import { getPartnership } from "./partnerships.service";

let handle: DatabaseHandle;
let partnershipId: string;
const as = (role: "administrator" | "viewer" | "partner_editor") =>
  contextAs(handle, buildUserActor([nationalGrant(role)]));

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

describe("the Rwanda Peace Partnership example", () => {
  it("is not offered to a viewer, and refuses them with nothing written", async () => {
    expect(await isPartnershipDemoAvailable(as("viewer"))).toBe(false);
    await expectNothingWritten(handle.db, async () => {
      await expect(loadPartnershipDemo(as("viewer"))).rejects.toMatchObject({ kind: "forbidden" });
    });
  });

  it("loads the three NGOs and Sida with their roles and the seed's objectives, once", async () => {
    const admin = as("administrator");
    expect(await isPartnershipDemoAvailable(admin)).toBe(true);
    const loaded = await loadPartnershipDemo(admin);
    expect(loaded).toMatchObject({ programmes: 3, agreements: 3 });
    partnershipId = loaded.partnershipId;
    expect(await isPartnershipDemoAvailable(admin)).toBe(false);
    await expect(loadPartnershipDemo(admin)).rejects.toMatchObject({ kind: "conflict" });
    const rpp = await getPartnership(as("viewer"), partnershipId);
    expect(rpp.members.map((m) => [m.name, m.role])).toEqual([
      ["Aegis Trust", "member"],
      ["Interpeace", "member"],
      ["Never Again Rwanda", "member"],
      ["Embassy of Sweden (Sida)", "donor"],
    ]);
    expect(rpp.objectives).toEqual([
      "Share knowledge and lessons learned on societal healing",
      "Strengthen collaboration and coordination among healing actors",
    ]);
    expect(rpp.period).toMatchObject({ startsOn: "2022", from: "2022-01-01", to: null });
  });

  it("shows the members' work by theme and place, their overlaps from the 3W and their joint event", async () => {
    const rpp = await getPartnership(as("viewer"), partnershipId);
    const id = (name: string) => rpp.members.find((m) => m.name === name)?.organisationId;
    const work = await getPartnershipWork({ ...as("viewer"), today: "2024-03-01" }, partnershipId);
    const programmes = work.items.filter((i) => i.kind === "programme");
    expect(programmes.map((p) => p.title).sort()).toEqual([
      "Dialogue spaces and youth for sustainable peace (example)",
      "Peace education, research and advocacy (example)",
      "Societal trauma healing (example)",
    ]);
    // Sida funds every one of them, but a donor is not among the members working in it.
    expect(
      work.items.every((i) => i.linked && !i.organisationIds.includes(id("Embassy of Sweden (Sida)") ?? "")),
    ).toBe(true);
    const healing = programmes.filter((p) => p.themes.includes("psychosocial_support"));
    expect(healing.flatMap((p) => p.organisationIds).sort()).toEqual(
      [id("Interpeace"), id("Never Again Rwanda")].sort(),
    );
    expect(new Set(healing.flatMap((p) => p.places.map((x) => x.name)))).toEqual(
      new Set(["Huye", "Musanze", "Rusizi", "Bugesera"]),
    );
    // Interpeace and NAR both do psycho-social support in Huye and Musanze under their Sida grants.
    const psychosocial = work.overlaps.filter((o) => o.theme === "psychosocial_support");
    expect(psychosocial.map((o) => o.place.name)).toEqual(["Huye", "Musanze"]);
    expect(psychosocial[0]?.organisationIds).toEqual([id("Interpeace"), id("Never Again Rwanda")].sort());
    expect(psychosocial[0]?.records.map((r) => r.title).sort()).toEqual([
      "Sida grant to Interpeace (example)",
      "Sida grant to Never Again Rwanda (example)",
    ]);
    // All three on reconciliation in Huye and Musanze; no overlap where only one works (Rusizi, Bugesera).
    const reconciliation = work.overlaps.filter((o) => o.theme === "peacebuilding_reconciliation");
    expect(reconciliation.map((o) => [o.place.name, o.organisationIds.length])).toEqual([
      ["Huye", 3],
      ["Musanze", 3],
    ]);
    expect(work.jointEvents).toEqual([
      expect.objectContaining({
        title: "Joint healing and dialogue session, Huye (example)",
        participantTotal: 55,
        organisationIds: [id("Interpeace"), id("Never Again Rwanda")],
      }),
    ]);
  });

  it("lists what the members learned: lessons for its programmes or agreements, or by a member, not others'", async () => {
    const admin = as("administrator");
    const rpp = await getPartnership(as("viewer"), partnershipId);
    const id = (name: string) => rpp.members.find((m) => m.name === name)?.organisationId ?? "";
    const work = await getPartnershipWork({ ...as("viewer"), today: "2024-03-01" }, partnershipId);
    expect(work.lessons).toEqual([]);
    const healing = work.items.find((i) => i.title === "Societal trauma healing (example)");
    const outsider = await createOrganisationFixture(handle, { name: "Outside Healing Network" });
    const lesson = (title: string, organisationId: string, extra: Record<string, string> = {}) =>
      createLesson(admin, {
        title,
        whatHappened: "Groups met for twelve weeks.",
        whatWasLearned: "Trust takes longer than the plan said.",
        language: "en",
        organisationId,
        themeCodes: ["psychosocial_support"],
        ...extra,
      });
    const byMember = await lesson("Healing groups need a closing session", id("Interpeace"));
    const forProgramme = await lesson("What a visiting counsellor saw", outsider.id, {
      programmeId: healing?.id ?? "",
    });
    await lesson("Unrelated lesson elsewhere", outsider.id);
    // The donor is a member too (role donor): its lessons belong here as well.
    const byDonor = await lesson("Funding healing for three years, not one", id("Embassy of Sweden (Sida)"));

    const after = await getPartnershipWork({ ...as("viewer"), today: "2024-03-01" }, partnershipId);
    expect(after.lessons.map((l) => [l.title, l.organisation.name, l.via]).sort()).toEqual(
      [
        [byMember.title, "Interpeace", "organisation"],
        [forProgramme.title, "Outside Healing Network", "programme"],
        [byDonor.title, "Embassy of Sweden (Sida)", "organisation"],
      ].sort(),
    );
    expect(after.lessons[0]).toMatchObject({ themeCodes: ["psychosocial_support"], language: "en" });
  });
});
