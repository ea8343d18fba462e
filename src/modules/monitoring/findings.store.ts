// Queries of a visit's findings and their evidence files.
import { and, asc, eq, inArray, max } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import type { DetentionTheme, VulnerableGroup } from "./detention-themes";
import { monitoringFindingFileTable, monitoringFindingTable } from "./monitoring.table";
import type { Finding, FindingSeverity } from "./visits.schema";

const f = monitoringFindingTable;
const ff = monitoringFindingFileTable;

export type FindingRow = Omit<Finding, "files">;
export type FindingValues = {
  position: number;
  theme: DetentionTheme;
  vulnerableGroups: VulnerableGroup[];
  severity: FindingSeverity;
  text: string;
};

const findingColumns = {
  id: f.id,
  visitId: f.visitId,
  position: f.position,
  theme: f.theme,
  vulnerableGroups: f.vulnerableGroups,
  severity: f.severity,
  text: f.text,
  incidentId: f.incidentId,
  version: f.version,
};

// The table's checks and the schema hold theme, groups and severity to their lists.
const toFinding = (r: {
  theme: string;
  vulnerableGroups: string[];
  severity: string;
}): Pick<FindingRow, "theme" | "vulnerableGroups" | "severity"> => ({
  theme: r.theme as DetentionTheme,
  vulnerableGroups: r.vulnerableGroups as VulnerableGroup[],
  severity: r.severity as FindingSeverity,
});

const fileColumns = {
  id: ff.id,
  findingId: ff.findingId,
  fileName: ff.fileName,
  contentType: ff.contentType,
  sizeBytes: ff.sizeBytes,
  sha256: ff.sha256,
  uploadedBy: ff.uploadedBy,
  uploadedAt: ff.uploadedAt,
  version: ff.version,
};

export type FindingFileRow = Finding["files"][number] & { findingId: string; sha256: string };

const toFile = (r: Omit<FindingFileRow, "uploadedAt"> & { uploadedAt: Date }): FindingFileRow => ({
  ...r,
  uploadedAt: r.uploadedAt.toISOString(),
});

/** The findings of a visit in their order, each with its files (two queries, whatever the number of findings). */
export async function selectFindings(db: Executor, visitId: string): Promise<Finding[]> {
  const rows = await db
    .select(findingColumns)
    .from(f)
    .where(eq(f.visitId, visitId))
    .orderBy(asc(f.position), asc(f.createdAt));
  if (rows.length === 0) return [];
  const files = await db
    .select(fileColumns)
    .from(ff)
    .where(
      inArray(
        ff.findingId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(ff.uploadedAt));
  return rows.map((r) => ({
    ...r,
    ...toFinding(r),
    files: files
      .filter((file) => file.findingId === r.id)
      .map(({ findingId: _finding, sha256: _hash, ...file }) => ({
        ...file,
        uploadedAt: file.uploadedAt.toISOString(),
      })),
  }));
}

export async function selectFindingFiles(db: Executor, findingId: string): Promise<Finding["files"]> {
  const rows = await db
    .select(fileColumns)
    .from(ff)
    .where(eq(ff.findingId, findingId))
    .orderBy(asc(ff.uploadedAt));
  return rows.map(({ findingId: _finding, sha256: _hash, ...file }) => ({
    ...file,
    uploadedAt: file.uploadedAt.toISOString(),
  }));
}

export async function selectFinding(
  db: Executor,
  visitId: string,
  id: string,
  options: { forUpdate: boolean },
): Promise<FindingRow | null> {
  const query = db
    .select(findingColumns)
    .from(f)
    .where(and(eq(f.visitId, visitId), eq(f.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? { ...row, ...toFinding(row) } : null;
}

/** The position after the visit's last finding. */
export async function nextFindingPosition(db: Executor, visitId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(f.position) })
    .from(f)
    .where(eq(f.visitId, visitId));
  return row?.last === null || row?.last === undefined ? 0 : row.last + 1;
}

export async function insertFinding(db: Executor, visitId: string, values: FindingValues): Promise<string> {
  const [row] = await db
    .insert(f)
    .values({ visitId, ...values })
    .returning({ id: f.id });
  if (!row) throw new Error("the finding was not written");
  return row.id;
}

export async function updateFindingRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: FindingValues,
): Promise<boolean> {
  const rows = await db
    .update(f)
    .set({ ...values, ...nextVersion(f) })
    .where(atVersion(f, id, expectedVersion))
    .returning({ id: f.id });
  return rows.length > 0;
}

/** Links the incident a finding was opened as (no version check: the caller holds the finding locked). */
export async function setFindingIncident(db: Executor, id: string, incidentId: string): Promise<void> {
  await db
    .update(f)
    .set({ incidentId, ...nextVersion(f) })
    .where(eq(f.id, id));
}

/** Deletes a finding with its evidence files. */
export async function deleteFindingRow(db: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const [current] = await db
    .select({ id: f.id })
    .from(f)
    .where(atVersion(f, id, expectedVersion));
  if (!current) return false;
  await db.delete(ff).where(eq(ff.findingId, id));
  const rows = await db
    .delete(f)
    .where(atVersion(f, id, expectedVersion))
    .returning({ id: f.id });
  return rows.length > 0;
}

export async function selectFindingFile(
  db: Executor,
  findingId: string,
  id: string,
  options: { forUpdate: boolean },
): Promise<FindingFileRow | null> {
  const query = db
    .select(fileColumns)
    .from(ff)
    .where(and(eq(ff.findingId, findingId), eq(ff.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toFile(row) : null;
}

export async function selectFindingFileData(
  db: Executor,
  findingId: string,
  id: string,
): Promise<{ fileName: string; contentType: string; data: Uint8Array } | null> {
  const [row] = await db
    .select({ fileName: ff.fileName, contentType: ff.contentType, data: ff.data })
    .from(ff)
    .where(and(eq(ff.findingId, findingId), eq(ff.id, id)));
  return row ?? null;
}

export async function insertFindingFile(
  db: Executor,
  values: typeof monitoringFindingFileTable.$inferInsert,
): Promise<string> {
  const [row] = await db.insert(ff).values(values).returning({ id: ff.id });
  if (!row) throw new Error("the file was not written");
  return row.id;
}

export async function deleteFindingFileRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(ff)
    .where(atVersion(ff, id, expectedVersion))
    .returning({ id: ff.id });
  return rows.length > 0;
}
