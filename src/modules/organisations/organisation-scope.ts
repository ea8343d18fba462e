// Whose rights an organisation falls under: the one rule shared by the organisation and membership services.
import type { RecordScope } from "../../kernel";

/** An organisation's own scope: itself (organisations have no district of their own yet). */
export const organisationScope = (organisationId: string): RecordScope => ({
  organisationIds: [organisationId],
  districtIds: [],
});
