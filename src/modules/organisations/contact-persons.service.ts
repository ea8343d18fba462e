// Contact persons: the people to reach at an organisation, kept with the organisation's own rights, each versioned.
import {
  addChild,
  assertAllowed,
  type ChildDefinition,
  changeChild,
  type ParentRecord,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { conflict, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  type ContactPersonFields,
  countContactPersons,
  deleteContactPersonRow,
  insertContactPerson,
  selectContactPersons,
  updateContactPersonRow,
} from "./contact-persons.store";
import { organisationScope } from "./organisation-scope";
import {
  type ContactPerson,
  type ContactPersonInput,
  ContactPersonInputSchema,
  ContactPersonPatchSchema,
  MAX_CONTACT_PERSONS,
} from "./organisations.schema";
import { selectOrganisation } from "./organisations.store";

/**
 * Who may edit the organisation may keep its contact persons (the "organisation" policy row, update: partner staff
 * for their own organisation). The organisation is locked, so two people adding at once cannot pass the limit.
 */
const contactPersonOf: ChildDefinition<ParentRecord, ContactPerson> = {
  parentEntityType: "organisation",
  entityType: "contact_person",
  notFoundLabel: "The contact person",
  parentKey: "organisationId",
  async loadParent(tx, actor, organisationId) {
    const organisation = await selectOrganisation(tx, organisationId, { forUpdate: true });
    if (!organisation) throw notFound("The organisation");
    assertAllowed(actor, "organisation", "update", organisationScope(organisationId), "The organisation");
    return { id: organisation.id, label: organisation.name };
  },
  async loadChild(tx, organisation, id, { forUpdate }) {
    const [row] = await selectContactPersons(tx, { organisationId: organisation.id, id, forUpdate });
    return row ?? null;
  },
  label: (c) => c.name,
  historyKey: "contactPerson",
  historyLine: (c) => (c.function ? `${c.name} (${c.function})` : c.name),
};

const fieldsOf = (c: {
  name: string;
  function?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}): ContactPersonFields => ({
  name: c.name,
  function: c.function ?? null,
  email: c.email ?? null,
  phone: c.phone ?? null,
});

export async function listContactPersons(
  ctx: ServiceContext,
  organisationId: string,
): Promise<ContactPerson[]> {
  if (!(await selectOrganisation(ctx.db, organisationId))) throw notFound("The organisation");
  assertAllowed(ctx.actor, "organisation", "read", organisationScope(organisationId), "The organisation");
  return selectContactPersons(ctx.db, { organisationId });
}

export async function addContactPerson(
  ctx: ServiceContext,
  organisationId: string,
  input: ContactPersonInput,
): Promise<ContactPerson> {
  const values = parseInput(ContactPersonInputSchema, input);
  return addChild(ctx, contactPersonOf, organisationId, async ({ db }) => {
    if ((await countContactPersons(db, organisationId)) >= MAX_CONTACT_PERSONS)
      throw conflict(
        `An organisation keeps at most ${MAX_CONTACT_PERSONS} contact persons; remove one first.`,
      );
    return insertContactPerson(db, organisationId, fieldsOf(values));
  });
}

/** Changes the fields given; the others stay as they were. */
export async function updateContactPerson(
  ctx: ServiceContext,
  organisationId: string,
  contactPersonId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ContactPerson> {
  const changes = parseInput(ContactPersonPatchSchema, patch);
  return changeChild(
    ctx,
    contactPersonOf,
    organisationId,
    contactPersonId,
    expectedVersion,
    ({ db }, current) =>
      updateContactPersonRow(db, contactPersonId, expectedVersion, fieldsOf({ ...current, ...changes })),
  );
}

export async function removeContactPerson(
  ctx: ServiceContext,
  organisationId: string,
  contactPersonId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, contactPersonOf, organisationId, contactPersonId, expectedVersion, ({ db }) =>
    deleteContactPersonRow(db, contactPersonId, expectedVersion),
  );
}
