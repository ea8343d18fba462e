// Commitments: edited with the agreement's rights, each with its own version; the agreement's search text follows them.
import type { Executor } from "../../db/client";
import { addChild, type ChildDefinition, changeChild, removeChild, type ServiceContext } from "../../kernel";
import { invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  type AgreementParent,
  agreementChild,
  COMMITMENT_ENTITY,
  commitmentLine,
  excerpt,
  keep,
} from "./agreement-detail.service";
import { refreshAgreementSearchText } from "./agreement-search.store";
import {
  type Commitment,
  type CommitmentInput,
  CommitmentInputSchema,
  CommitmentPatchSchema,
} from "./agreements.schema";
import { selectPartiesOf } from "./agreements.store";
import {
  type CommitmentFields,
  deleteCommitmentRow,
  insertCommitment,
  nextCommitmentPosition,
  selectCommitments,
  unlinkCommitmentFromProgress,
  updateCommitmentRow,
} from "./commitments.store";

const commitmentChild: ChildDefinition<AgreementParent, Commitment> = {
  ...agreementChild,
  entityType: COMMITMENT_ENTITY,
  notFoundLabel: "The commitment",
  async loadChild(tx, parent, childId, { forUpdate }) {
    const [row] = await selectCommitments(tx, parent.id, { id: childId, forUpdate });
    return row ?? null;
  },
  label: (c) => excerpt(c.text),
  historyKey: "commitment",
  historyLine: commitmentLine,
  afterWrite: (tx, parent) => refreshAgreementSearchText(tx, parent.id),
};

async function assertResponsibleIsParty(db: Executor, agreementId: string, organisationId: string | null) {
  if (!organisationId) return;
  const parties = (await selectPartiesOf(db, [agreementId])).get(agreementId) ?? [];
  if (!parties.some((p) => p.organisationId === organisationId)) {
    throw invalid([
      {
        path: "responsibleOrganisationId",
        message: "The responsible organisation must be one of the agreement's parties.",
        in: "body",
      },
    ]);
  }
}

export async function addCommitment(
  ctx: ServiceContext,
  id: string,
  input: CommitmentInput,
): Promise<Commitment> {
  const values = parseInput(CommitmentInputSchema, input);
  return addChild(ctx, commitmentChild, id, async ({ db }) => {
    const fields: CommitmentFields = {
      text: values.text,
      responsibleOrganisationId: values.responsibleOrganisationId ?? null,
      status: values.status,
      dueOn: values.dueOn ?? null,
    };
    await assertResponsibleIsParty(db, id, fields.responsibleOrganisationId);
    return insertCommitment(db, id, await nextCommitmentPosition(db, id), fields);
  });
}

export async function updateCommitment(
  ctx: ServiceContext,
  id: string,
  commitmentId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Commitment> {
  const changes = parseInput(CommitmentPatchSchema, patch);
  return changeChild(ctx, commitmentChild, id, commitmentId, expectedVersion, async ({ db }, current) => {
    const fields: CommitmentFields = {
      text: keep(changes.text, current.text),
      responsibleOrganisationId: keep(changes.responsibleOrganisationId, current.responsibleOrganisationId),
      status: keep(changes.status, current.status),
      dueOn: keep(changes.dueOn, current.dueOn),
    };
    if (changes.responsibleOrganisationId !== undefined) {
      await assertResponsibleIsParty(db, id, fields.responsibleOrganisationId);
    }
    return updateCommitmentRow(db, commitmentId, expectedVersion, fields);
  });
}

export async function removeCommitment(
  ctx: ServiceContext,
  id: string,
  commitmentId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, commitmentChild, id, commitmentId, expectedVersion, async ({ db }) => {
    if (!(await deleteCommitmentRow(db, commitmentId, expectedVersion))) return false;
    await unlinkCommitmentFromProgress(db, id, commitmentId);
    return true;
  });
}
