import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import { getAgreement, listAgreements } from "../agreements";
import { getOrganisation, listOrganisations } from "../organisations";
import {
  countSeedAgreements,
  isStatusReportDemoAvailable,
  loadStatusReportDemo,
  readStatusReportSeed,
} from "./status-report-demo";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const list = { sort: "signed_desc" as const, limit: 200, offset: 0 };

describe("example data from the RCS status report", () => {
  it("is refused to a viewer and offered to an administrator on an empty register", async () => {
    const viewer = contextAs(handle, buildUserActor([nationalGrant("viewer")]));
    expect(await isStatusReportDemoAvailable(viewer)).toBe(false);
    const error = await loadStatusReportDemo(viewer, await readStatusReportSeed()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("forbidden");
    expect((await listAgreements(viewer, list)).total).toBe(0);
    const admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
    expect(await isStatusReportDemoAvailable(admin)).toBe(true);
  });

  it("loads every partner once, all 26 agreements, the pending amendment and the four memberships", async () => {
    const admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
    const seed = await readStatusReportSeed();
    const result = await loadStatusReportDemo(admin, seed);
    expect(result.agreements).toBe(27); // 26 + the E-HUZA amendment
    // The offer's number is counted from the same seed, so it says what loading then reports.
    expect(countSeedAgreements(seed)).toBe(result.agreements);
    expect(result.organisations).toBe(seed.organisations.length + 1);
    expect(result.memberships).toBe(4);
    // Rwanda Bridges to Justice's example programme officer (the report names no one).
    expect(result.contactPersons).toBe(1);
    expect((await listAgreements(admin, list)).total).toBe(27);
    expect(await isStatusReportDemoAvailable(admin)).toBe(false);

    const mous = await listAgreements(admin, { ...list, kind: "mou" });
    const loa = await listAgreements(admin, { ...list, kind: "letter_of_agreement" });
    expect(mous.total + loa.total).toBe(26);

    // The E-HUZA amendment (its title names the project) and the MoU it amends both match.
    const found = (await listAgreements(admin, { ...list, q: "e-huza" })).items;
    expect(found[0]?.kind).toBe("amendment");
    const rbj = found.find((a) => a.kind === "mou" && a.title.includes("Bridges"));
    expect(rbj).toBeDefined();
    const detail = await getAgreement(admin, rbj?.id ?? "");
    expect(detail.signedOn).toMatchObject({
      text: "12/05/2020",
      year: 2020,
      month: 5,
      day: 12,
      precision: "day",
    });
    expect(detail.areas.map((a) => a.placeSet)).toEqual(["all_correctional_facilities"]);
    expect(detail.amendments).toEqual([expect.objectContaining({ status: "awaiting_approval" })]);

    // Row 18 joins three partners: with RCS, four parties.
    const row18 = (await listAgreements(admin, list)).items.find((a) => a.parties.length >= 4);
    expect(row18).toBeDefined();

    const rcs = (await listOrganisations(admin, { q: "Rwanda Correctional Service", limit: 5, offset: 0 }))
      .items[0];
    const rcsDetail = await getOrganisation(admin, rcs?.id ?? "");
    expect(rcsDetail.memberships).toHaveLength(4);
  });

  it("keeps every signature date as written, at the precision the text allows", async () => {
    const admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
    const items = (await listAgreements(admin, list)).items;
    const texts = new Map(items.map((a) => [a.signedOn.text, a.signedOn]));
    expect(texts.get("June /2022")).toMatchObject({ year: 2022, month: 6, precision: "month" });
    expect(texts.get("28/6/2022")).toMatchObject({ day: 28, month: 6, precision: "day" });
    expect(texts.get("Letter of Agreement (LOA)")).toMatchObject({ precision: "none" });
    expect(
      (await listAgreements(admin, { ...list, signedYear: 2022 })).items.every(
        (a) => a.signedOn.year === 2022,
      ),
    ).toBe(true);
  });

  it("refuses a second load and changes nothing", async () => {
    const admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
    const before = (await listOrganisations(admin, { limit: 1, offset: 0 })).total;
    const error = await loadStatusReportDemo(admin, await readStatusReportSeed()).catch((e: unknown) => e);
    expect((error as AppError).kind).toBe("conflict");
    expect((await listOrganisations(admin, { limit: 1, offset: 0 })).total).toBe(before);
    expect((await listAgreements(admin, list)).total).toBe(27);
  });
});
