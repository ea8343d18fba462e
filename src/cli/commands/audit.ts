// `audit verify`: walks the audit log's hash chain and names the first broken link (exit code 1), or prints the head.
import { parseArgs } from "node:util";
import { verifyAuditChain } from "../../modules/audit";
import { CliError, type RunCommand } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";

export const runVerifyAudit: RunCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } }, strict: true });
  const verdict = await withMigratedDatabase(io, (handle) => verifyAuditChain(handle.db));
  if (values.json) io.out(JSON.stringify(verdict, null, 2));
  if (!verdict.ok) {
    const { id, chainSeq, occurredAt, problem } = verdict.broken;
    throw new CliError(
      `The audit chain is broken at row ${id} (chain position ${chainSeq}, written ${occurredAt}): ${problem}. ` +
        `The ${verdict.rows} row${verdict.rows === 1 ? "" : "s"} before it verify.`,
    );
  }
  if (values.json) return;
  io.out(
    verdict.head
      ? `The audit chain holds: ${verdict.rows} row${verdict.rows === 1 ? "" : "s"} verified; head at position ${verdict.head.chainSeq}, hash ${verdict.head.hash}. Keep this line elsewhere: rows cut off the end can only be seen against it.`
      : "The audit log is empty: nothing to verify.",
  );
};
