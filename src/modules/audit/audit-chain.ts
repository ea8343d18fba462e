// Walks the audit log's hash chain (decision 010) and names the first link that does not hold.
import type { Executor } from "../../db/client";
import { type ChainLink, selectChainLinks } from "./audit.store";

export type BrokenLink = {
  id: number;
  chainSeq: number;
  occurredAt: string;
  /** What differs, in words an operator can act on. */
  problem: string;
};

export type ChainVerdict =
  | { ok: true; rows: number; head: { chainSeq: number; hash: string } | null }
  | { ok: false; rows: number; broken: BrokenLink };

/**
 * Checks, in chain order, that positions follow each other without a gap (no row deleted), that each row names the
 * hash of the row before it (none inserted or reordered), and that each row's content still gives its hash (none
 * changed). Rows cut off the end leave no gap: compare the head printed here with one kept elsewhere.
 */
export async function verifyAuditChain(db: Executor, batchSize = 2000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let previousHash = "";
  let rows = 0;
  let last: ChainLink | undefined;
  for (;;) {
    const links = await selectChainLinks(db, expectedSeq - 1, batchSize);
    for (const link of links) {
      const problem = linkProblem(link, expectedSeq, previousHash, last);
      if (problem)
        return {
          ok: false,
          rows,
          broken: { id: link.id, chainSeq: link.chainSeq, occurredAt: link.occurredAt, problem },
        };
      rows += 1;
      expectedSeq = link.chainSeq + 1;
      previousHash = link.hash;
      last = link;
    }
    if (links.length < batchSize) break;
  }
  return { ok: true, rows, head: last ? { chainSeq: last.chainSeq, hash: last.hash } : null };
}

function linkProblem(
  link: ChainLink,
  expectedSeq: number,
  previousHash: string,
  before: ChainLink | undefined,
): string | null {
  if (link.chainSeq !== expectedSeq) {
    const missing = link.chainSeq - expectedSeq;
    return `chain positions ${expectedSeq}${missing > 1 ? `–${link.chainSeq - 1}` : ""} are missing before it: ${missing} row${missing > 1 ? "s were" : " was"} deleted`;
  }
  if (link.previousHash !== previousHash) {
    return before
      ? `its previous hash ${short(link.previousHash)} is not the hash ${short(previousHash)} of row ${before.id}: a row was replaced or inserted before it`
      : `it is the first row but names a previous hash ${short(link.previousHash)}: rows before it were deleted`;
  }
  if (link.recomputedHash !== link.hash) {
    return `its content no longer gives its hash (stored ${short(link.hash)}, content gives ${short(link.recomputedHash)}): the row was changed after it was written`;
  }
  return null;
}

const short = (hash: string) => (hash ? hash.slice(0, 12) : "(none)");
