// Other fields of an agreement: the columns of a document the register has no place for, added with the agreement's rights.
import { addChild, type ChildDefinition, type ServiceContext } from "../../kernel";
import { parseInput } from "../../shared/validation";
import {
  type AgreementParent,
  agreementChild,
  OTHER_FIELD_ENTITY,
  otherFieldLine,
} from "./agreement-detail.service";
import { insertOtherFields, nextOtherFieldPosition, selectOtherFields } from "./agreement-other-fields.store";
import { type AgreementOtherField, type OtherFieldInput, OtherFieldInputSchema } from "./agreements.schema";

const otherFieldChild: ChildDefinition<AgreementParent, AgreementOtherField> = {
  ...agreementChild,
  entityType: OTHER_FIELD_ENTITY,
  notFoundLabel: "The field",
  async loadChild(tx, parent, childId, { forUpdate }) {
    const [row] = await selectOtherFields(tx, parent.id, { id: childId, forUpdate });
    return row ?? null;
  },
  label: (f) => f.label,
  historyKey: "otherField",
  historyLine: otherFieldLine,
};

/** Adds a field to an agreement after its others (an import adding what an existing agreement lacks). */
export async function addAgreementOtherField(
  ctx: ServiceContext,
  agreementId: string,
  input: OtherFieldInput,
): Promise<AgreementOtherField> {
  const values = parseInput(OtherFieldInputSchema, input);
  return addChild(ctx, otherFieldChild, agreementId, async ({ db }) => {
    const position = await nextOtherFieldPosition(db, agreementId);
    const [id] = await insertOtherFields(db, [{ agreementId, position, ...values }]);
    if (!id) throw new Error("an other field was not inserted");
    return id;
  });
}
