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
import { AppError } from "../../shared/app-errors";
import { listHistory } from "../audit";
import { addMembership, removeMembership, updateMembership } from "./memberships.service";
import { deleteOrganisation, getOrganisation, getOrganisationHistory } from "./organisations.service";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const admin = () => contextAs(handle, buildUserActor([nationalGrant("administrator")]));

async function expectAppError(promise: Promise<unknown>, kind: AppError["kind"], detail?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe(kind);
  if (detail) expect((error as AppError).message).toContain(detail);
}

describe("memberships", () => {
  it("records each add, replace and remove as the membership's entry and a line in the organisation's history", async () => {
    const ctx = admin();
    const network = await createOrganisationFixture(ctx, {
      name: "Legal Aid Forum",
      kind: "association_network",
    });
    const other = await createOrganisationFixture(ctx, {
      name: "Haguruka Network",
      kind: "association_network",
    });
    const member = await createOrganisationFixture(ctx, { name: "Great Lakes Initiative" });

    const added = await addMembership(ctx, member.id, {
      networkId: network.id,
      role: "member",
      startYear: 2015,
    });
    const replaced = await updateMembership(ctx, member.id, added.id, 1, {
      networkId: other.id,
      role: "chair",
      startYear: 2016,
    });
    expect(replaced).toMatchObject({ networkName: "Haguruka Network", role: "chair", version: 2 });
    await removeMembership(ctx, member.id, added.id, 2);

    const own = await listHistory(handle.db, "membership", added.id);
    expect(own.map((h) => [h.action, h.entityLabel])).toEqual([
      ["delete", "Great Lakes Initiative → Haguruka Network"],
      ["update", "Great Lakes Initiative → Haguruka Network"],
      ["create", "Great Lakes Initiative → Legal Aid Forum"],
    ]);
    expect(own[1]?.changes).toMatchObject({
      networkName: { before: "Legal Aid Forum", after: "Haguruka Network" },
      role: { before: "member", after: "chair" },
    });

    const history = await getOrganisationHistory(ctx, member.id);
    expect(history.slice(0, 3).map((h) => [h.action, h.entityLabel, h.changes])).toEqual([
      [
        "update",
        "Great Lakes Initiative",
        { membership: { before: "Haguruka Network (chair)", after: null } },
      ],
      [
        "update",
        "Great Lakes Initiative",
        { membership: { before: "Legal Aid Forum (member)", after: "Haguruka Network (chair)" } },
      ],
      [
        "update",
        "Great Lakes Initiative",
        { membership: { before: null, after: "Legal Aid Forum (member)" } },
      ],
    ]);
    // The network's own history and record are not touched by its members.
    expect((await getOrganisationHistory(ctx, network.id)).map((h) => h.action)).toEqual(["create"]);
    expect((await getOrganisation(ctx, member.id)).version).toBe(1);
  });

  it("leaves the organisation's history alone when a replace changes only the years", async () => {
    const ctx = admin();
    const network = await createOrganisationFixture(ctx, { kind: "association_network" });
    const member = await createOrganisationFixture(ctx);
    const added = await addMembership(ctx, member.id, { networkId: network.id, role: "member" });
    await updateMembership(ctx, member.id, added.id, 1, {
      networkId: network.id,
      role: "member",
      startYear: 2019,
    });
    expect((await listHistory(handle.db, "membership", added.id)).map((h) => h.action)).toEqual([
      "update",
      "create",
    ]);
    expect((await getOrganisationHistory(ctx, member.id)).map((h) => h.action)).toEqual(["update", "create"]);
  });

  it("lets partner staff edit their own organisation's memberships, answering 403 on another's", async () => {
    const ctx = admin();
    const network = await createOrganisationFixture(ctx, { kind: "association_network" });
    const own = await createOrganisationFixture(ctx);
    const other = await createOrganisationFixture(ctx);
    const theirs = await addMembership(ctx, other.id, { networkId: network.id, role: "member" });
    const editor = contextAs(
      handle,
      buildUserActor([{ role: "partner_editor", scopeType: "organisation", scopeId: own.id }], [own.id]),
    );

    const mine = await addMembership(editor, own.id, { networkId: network.id, role: "member" });
    expect(
      (await updateMembership(editor, own.id, mine.id, 1, { networkId: network.id, role: "chair" })).role,
    ).toBe("chair");
    await removeMembership(editor, own.id, mine.id, 2);
    expect((await getOrganisation(ctx, own.id)).memberships).toEqual([]);

    await expectNothingWritten(handle.db, async () => {
      await expectAppError(
        addMembership(editor, other.id, { networkId: network.id, role: "chair" }),
        "forbidden",
      );
      await expectAppError(
        updateMembership(editor, other.id, theirs.id, 1, { networkId: network.id, role: "chair" }),
        "forbidden",
      );
      await expectAppError(removeMembership(editor, other.id, theirs.id, 1), "forbidden");
      const viewer = contextAs(handle, buildUserActor([nationalGrant("viewer")]));
      await expectAppError(removeMembership(viewer, other.id, theirs.id, 1), "forbidden");
    });
  });

  it("answers 404 for a membership of another organisation, 412 at a stale version, 422 for a bad network", async () => {
    const ctx = admin();
    const network = await createOrganisationFixture(ctx, { kind: "association_network" });
    const member = await createOrganisationFixture(ctx);
    const stranger = await createOrganisationFixture(ctx);
    const m = await addMembership(ctx, member.id, { networkId: network.id, role: "member" });

    await expectNothingWritten(handle.db, async () => {
      await expectAppError(removeMembership(ctx, stranger.id, m.id, 1), "not_found", "membership");
      await expectAppError(
        updateMembership(ctx, stranger.id, m.id, 1, { networkId: network.id, role: "chair" }),
        "not_found",
        "membership",
      );
      await expectAppError(removeMembership(ctx, crypto.randomUUID(), m.id, 1), "not_found", "organisation");
      await expectAppError(removeMembership(ctx, member.id, m.id, 2), "precondition_failed");
      await expectAppError(
        updateMembership(ctx, member.id, m.id, 1, { networkId: crypto.randomUUID(), role: "chair" }),
        "validation",
      );
      await expectAppError(
        updateMembership(ctx, member.id, m.id, 1, { networkId: member.id, role: "chair" }),
        "validation",
      );
    });
  });

  it("gives each membership a deleted organisation took with it its own entry, from either side", async () => {
    const ctx = admin();
    const network = await createOrganisationFixture(ctx, { kind: "association_network" });
    const member = await createOrganisationFixture(ctx);
    const inner = await createOrganisationFixture(ctx);
    const asMember = await addMembership(ctx, member.id, { networkId: network.id, role: "member" });
    const asNetwork = await addMembership(ctx, inner.id, { networkId: member.id, role: "member" });
    await deleteOrganisation(ctx, member.id, 1);
    for (const m of [asMember, asNetwork]) {
      const [gone] = await listHistory(handle.db, "membership", m.id);
      expect(gone).toMatchObject({
        action: "delete",
        entityLabel: `${m.organisationName} → ${m.networkName}`,
      });
      expect(gone?.changes.organisationId).toEqual({ before: m.organisationId, after: null });
    }
    expect((await getOrganisation(ctx, inner.id)).memberships).toEqual([]);
  });
});
