// SQL functions kept as source files (src/db/functions/<name>.sql): compares each with the definition the
// migrations last wrote and, where they differ, writes the next drizzle-kit migration (`npm run db:functions`).
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { projectFile } from "../../kernel/runtime-files";

export const FUNCTIONS_FOLDER = projectFile("src/db/functions");
const DEFAULT_MIGRATIONS_FOLDER = projectFile("src/db/migrations");
const BREAKPOINT = "--> statement-breakpoint";

export type Volatility = "volatile" | "stable" | "immutable";

/** One `CREATE [OR REPLACE] FUNCTION` statement, as written. */
export type FunctionDefinition = {
  name: string;
  /** The argument list as written, whitespace collapsed: `ids uuid[]`. */
  args: string;
  returns: string;
  language: string;
  volatility: Volatility;
  /** Between the dollar quotes: what pg_proc.prosrc holds. */
  body: string;
  /** From CREATE to the closing semicolon, exactly as written (line endings as \n). */
  statement: string;
};

export type FunctionSource = FunctionDefinition & { file: string; text: string };

/** What the migrations, applied in order, leave defined: the last definition, or dropped. */
export type MigratedFunction =
  | { name: string; state: "defined"; definition: FunctionDefinition; migration: string }
  | { name: string; state: "dropped"; migration: string };

export type FunctionChange = { source: FunctionSource; previous: MigratedFunction | undefined };

export type FunctionPlan = {
  changes: FunctionChange[];
  /** Problems the generator will not guess its way through: each says what to do. */
  problems: string[];
};

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** Index just after the parenthesis matching the one at `open`. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced parentheses after: ${text.slice(open, open + 60)}`);
}

// Functions of the public schema only: another schema's (pg-boss's, migration 0024) are its library's to define.
const STATEMENT =
  /\b(CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION|DROP\s+FUNCTION(?:\s+IF\s+EXISTS)?)\s+(?:"?public"?\.)?(?!"?[A-Za-z_][A-Za-z0-9_]*"?\.)"?([A-Za-z_][A-Za-z0-9_]*)"?\s*(\()?/gi;

/** The function definitions and drops in some SQL text, in order (occurrences inside `--` comments skipped). */
export function parseFunctionStatements(
  sqlText: string,
): ({ kind: "create"; definition: FunctionDefinition } | { kind: "drop"; name: string })[] {
  const text = sqlText.replace(/\r\n/g, "\n");
  const found: ({ kind: "create"; definition: FunctionDefinition } | { kind: "drop"; name: string })[] = [];
  STATEMENT.lastIndex = 0;
  for (let m = STATEMENT.exec(text); m; m = STATEMENT.exec(text)) {
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    if (text.slice(lineStart, m.index).includes("--")) continue;
    const name = (m[2] ?? "").toLowerCase();
    if (/^DROP/i.test(m[1] ?? "")) {
      found.push({ kind: "drop", name });
      continue;
    }
    if (m[3] === undefined) throw new Error(`CREATE FUNCTION ${name} without an argument list`);
    const open = m.index + m[0].length - 1;
    const afterArgs = closingParen(text, open);
    const as = /\bAS\s+(\$[A-Za-z0-9_]*\$)/i.exec(text.slice(afterArgs));
    if (!as) throw new Error(`function ${name}: only dollar-quoted bodies (AS $$ … $$) are supported`);
    const bodyStart = afterArgs + as.index + as[0].length;
    const tag = as[1] ?? "$$";
    const bodyEnd = text.indexOf(tag, bodyStart);
    if (bodyEnd < 0) throw new Error(`function ${name}: body not closed by ${tag}`);
    const end = text.indexOf(";", bodyEnd + tag.length);
    if (end < 0) throw new Error(`function ${name}: no semicolon after the body`);
    const attributes = `${text.slice(afterArgs, afterArgs + as.index)} ${text.slice(bodyEnd + tag.length, end)}`;
    const volatility = /\b(STABLE|IMMUTABLE|VOLATILE)\b/i.exec(attributes)?.[1]?.toLowerCase() ?? "volatile";
    found.push({
      kind: "create",
      definition: {
        name,
        args: collapse(text.slice(open + 1, afterArgs - 1)),
        returns: collapse(/\bRETURNS\s+((?:SETOF\s+)?[^\s]+)/i.exec(attributes)?.[1] ?? "").toLowerCase(),
        language: (/\bLANGUAGE\s+(\w+)/i.exec(attributes)?.[1] ?? "").toLowerCase(),
        volatility: volatility as Volatility,
        body: text.slice(bodyStart, bodyEnd),
        statement: text.slice(m.index, end + 1),
      },
    });
    STATEMENT.lastIndex = end + 1;
  }
  return found;
}

type JournalEntry = { idx: number; version: string; when: number; tag: string; breakpoints: boolean };
type Journal = { version: string; dialect: string; entries: JournalEntry[] };

function readJournal(migrationsFolder: string): Journal {
  return JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as Journal;
}

/** Every function the migrations define or drop, as they leave it after the last one. */
export function readMigratedFunctions(
  migrationsFolder = DEFAULT_MIGRATIONS_FOLDER,
): Map<string, MigratedFunction> {
  const functions = new Map<string, MigratedFunction>();
  for (const entry of readJournal(migrationsFolder).entries) {
    const text = readFileSync(join(migrationsFolder, `${entry.tag}.sql`), "utf8");
    for (const found of parseFunctionStatements(text)) {
      if (found.kind === "drop") {
        functions.set(found.name, { name: found.name, state: "dropped", migration: entry.tag });
      } else {
        const { definition } = found;
        functions.set(definition.name, {
          name: definition.name,
          state: "defined",
          definition,
          migration: entry.tag,
        });
      }
    }
  }
  return functions;
}

/** Reads one source file: leading `--` comment lines, then exactly one CREATE OR REPLACE FUNCTION named as the file. */
export function readFunctionSource(file: string): FunctionSource {
  const text = readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  const name = basename(file, ".sql");
  const found = parseFunctionStatements(text);
  const [first] = found;
  if (found.length !== 1 || first?.kind !== "create") {
    throw new Error(
      `${file}: must hold exactly one CREATE OR REPLACE FUNCTION (found ${found.length} statements)`,
    );
  }
  const { definition } = first;
  if (definition.name !== name) throw new Error(`${file}: defines ${definition.name}, not ${name}`);
  if (!/^CREATE\s+OR\s+REPLACE\s+FUNCTION/i.test(definition.statement)) {
    throw new Error(`${file}: write CREATE OR REPLACE FUNCTION, so that a later migration can redefine it`);
  }
  const at = text.indexOf(definition.statement);
  const before = text.slice(0, at);
  if (before.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"))) {
    throw new Error(`${file}: only comment lines may come before CREATE OR REPLACE FUNCTION`);
  }
  if (text.slice(at + definition.statement.length).trim() !== "") {
    throw new Error(
      `${file}: nothing may follow the function's closing semicolon (triggers go in a migration)`,
    );
  }
  return { ...definition, file, text: `${text.trimEnd()}\n` };
}

export function readFunctionSources(functionsFolder = FUNCTIONS_FOLDER): FunctionSource[] {
  return readdirSync(functionsFolder)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFunctionSource(join(functionsFolder, f)));
}

/** Sources that differ from what the migrations define, and what stands in the way of generating them. */
export function planFunctionMigration(
  options: { functionsFolder?: string; migrationsFolder?: string } = {},
): FunctionPlan {
  const sources = readFunctionSources(options.functionsFolder);
  const migrated = readMigratedFunctions(options.migrationsFolder);
  const changes: FunctionChange[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    const previous = migrated.get(source.name);
    if (previous?.state === "defined") {
      if (previous.definition.statement === source.statement) continue;
      const was = previous.definition;
      if (collapse(was.args) !== collapse(source.args) || was.returns !== source.returns) {
        problems.push(
          `${source.name}: its arguments or result type changed (${was.args} → ${was.returns} was; now ${source.args} → ${source.returns}). CREATE OR REPLACE cannot do that (it would add a second function or fail): drop the old one in a hand-written migration (npx drizzle-kit generate --custom), then run this again.`,
        );
        continue;
      }
    }
    changes.push({ source, previous });
  }
  const named = new Set(sources.map((s) => s.name));
  for (const fn of migrated.values()) {
    if (fn.state === "defined" && !named.has(fn.name)) {
      problems.push(
        `${fn.name} is defined by migration ${fn.migration} but has no source file: add src/db/functions/${fn.name}.sql with its definition, or drop it (and its triggers) in a hand-written migration.`,
      );
    }
  }
  return { changes: orderByDependency(changes), problems };
}

/** Functions used by another written in the same migration come first: a LANGUAGE sql body is checked when created. */
function orderByDependency(changes: FunctionChange[]): FunctionChange[] {
  const sorted = [...changes].sort((a, b) => a.source.name.localeCompare(b.source.name));
  const out: FunctionChange[] = [];
  const visiting = new Set<string>();
  const visit = (change: FunctionChange) => {
    if (out.includes(change) || visiting.has(change.source.name)) return;
    visiting.add(change.source.name);
    for (const other of sorted) {
      if (other !== change && new RegExp(`\\b${other.source.name}\\s*\\(`, "i").test(change.source.body)) {
        visit(other);
      }
    }
    out.push(change);
  };
  for (const change of sorted) visit(change);
  return out;
}

export type WrittenMigration = { tag: string; file: string; functions: string[] };

/** Writes the plan's functions as the next migration: SQL file, journal entry and snapshot, as drizzle-kit's --custom does. */
export function writeFunctionMigration(
  plan: FunctionPlan,
  options: { migrationsFolder?: string; name?: string; now?: number } = {},
): WrittenMigration | null {
  if (plan.problems.length > 0) throw new Error(plan.problems.join("\n"));
  if (plan.changes.length === 0) return null;
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  const journal = readJournal(migrationsFolder);
  const last = journal.entries.at(-1);
  if (!last) throw new Error("the journal has no migration to follow");
  const idx = last.idx + 1;
  const prefix = String(idx).padStart(4, "0");
  const names = plan.changes.map((c) => c.source.name);
  const name = options.name ?? (names.length === 1 ? `function_${names[0]}` : "functions");
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error(`migration name ${name}: lower-case letters, digits and _ only`);
  const tag = `${prefix}_${name}`;

  const header = `-- Generated by \`npm run db:functions\` from src/db/functions/ (${names.join(", ")}): edit those files and run it again; never edit this one.\n`;
  const sqlText = header + plan.changes.map((c) => c.source.text.trimEnd()).join(`\n${BREAKPOINT}\n`);

  // drizzle-kit --custom: the previous snapshot again under a new id, so `drizzle-kit generate` diffs as before.
  const lastPrefix = last.tag.slice(0, last.tag.indexOf("_"));
  const previous = JSON.parse(
    readFileSync(join(migrationsFolder, "meta", `${lastPrefix}_snapshot.json`), "utf8"),
  ) as Record<string, unknown> & { id: string };
  const { id: previousId, prevId: _ignored, ...rest } = previous;
  const snapshot = {
    id: randomUUID(),
    prevId: previousId,
    ...rest,
    _meta: { columns: {}, schemas: {}, tables: {} },
  };
  // The migrator applies only migrations created after the last one applied: never go back in time.
  journal.entries.push({
    idx,
    version: last.version,
    when: Math.max(options.now ?? Date.now(), last.when + 1),
    tag,
    breakpoints: true,
  });
  const file = join(migrationsFolder, `${tag}.sql`);
  writeFileSync(file, sqlText);
  writeFileSync(join(migrationsFolder, "meta", `${prefix}_snapshot.json`), JSON.stringify(snapshot, null, 2));
  writeFileSync(join(migrationsFolder, "meta", "_journal.json"), JSON.stringify(journal, null, 2));
  return { tag, file, functions: names };
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const nameAt = argv.indexOf("--name");
  const name = nameAt >= 0 ? argv[nameAt + 1] : undefined;
  const plan = planFunctionMigration();
  for (const problem of plan.problems) console.error(`✗ ${problem}`);
  if (plan.problems.length > 0) return 1;
  if (plan.changes.length === 0) {
    console.log("SQL functions: every source file is what the migrations define; nothing to generate.");
    return 0;
  }
  for (const c of plan.changes) {
    const was = c.previous ? `${c.previous.state} in ${c.previous.migration}` : "new";
    console.log(`${check ? "differs" : "writing"}: ${c.source.name} (${was})`);
  }
  if (check) {
    console.error("Run `npm run db:functions` to write the migration.");
    return 1;
  }
  const written = writeFunctionMigration(plan, { name });
  if (written)
    console.log(`wrote ${relative(process.cwd(), written.file)}; run npm run db:migrate to apply it`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
