// What an accepted periodic report did with its indicator values: its own file, so that the report page (a lazy
// route with a size budget, decision 018) does not carry the whole programmes schema.
import { z } from "zod";

/** What an accepted periodic report did with one of its indicator values (decision 017). */
export const ResultFeedEntrySchema = z.object({
  programmeId: z.string(),
  indicatorId: z.string(),
  indicatorTitle: z.string(),
  value: z.number(),
  /**
   * written / updated / unchanged: the programme's result holds the report's value; kept_existing: a value entered by
   * hand for this indicator and period stays and the report's is not written (both listed); refused: the programme's
   * rules refuse it (a period outside the programme, a negative count…), said in `reason`.
   */
  outcome: z.enum(["written", "updated", "unchanged", "kept_existing", "refused"]),
  resultId: z.string().nullable(),
  existingValues: z.array(z.number()),
  reason: z.string().nullable(),
});
export type ResultFeedEntry = z.infer<typeof ResultFeedEntrySchema>;
