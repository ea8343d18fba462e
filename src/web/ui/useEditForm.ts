// One way to edit a versioned record: load it with its version, keep a draft, show the server's field errors,
// save with If-Match once per press, bring the first field in error into view, and on a 412 show field by field
// what the other person changed.
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import type { AuditEntry } from "../../modules/audit/audit.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError } from "../api";
import {
  type ConflictChoice,
  type ConflictField,
  type ConflictRow,
  conflictRows,
  mergeChoices,
} from "./draft-conflict";
import { focusFirstInvalid } from "./focus-invalid";
import { createSendGuard } from "./send-guard";

export type { ConflictChoice, ConflictField, ConflictRow };

/** What a 412 found: the fields the other person changed, and their audit entries since the form opened. */
export type Conflict = { rows: ConflictRow[]; changes: AuditEntry[] };

export type EditFormOptions<R, D, S> = {
  /** The record at hand (an inline form); without it, `load` fetches it. */
  record?: R;
  /** A draft kept elsewhere (on the device) to show instead of the record's; `record` is then the version it began from. */
  initialDraft?: D;
  /** Fetches the record's current version: when the form opens without `record`, and after a 412. */
  load?: () => Promise<R>;
  /** Which record (an id): the form loads again when it changes, never on other renders. */
  loadKey?: string;
  /** The draft of a new record. */
  empty(): D;
  toDraft(record: R): D;
  /** The version to send as If-Match; undefined when saving creates a record. */
  versionOf(record: R): number | undefined;
  /** The fields compared after a 412. */
  fields: ConflictField<D>[];
  /** Checks in the browser first (the server's own schema); field errors stop the save. */
  validate?(draft: D): FieldError[];
  save(draft: D, version: number | undefined): Promise<S>;
  /** After a save; a form that stays open (to record another) returns the draft to start the next one from. */
  onSaved(saved: S, draft: D): D | undefined;
  /** The record's audit entries, to say who changed what after a 412. */
  history?(): Promise<AuditEntry[]>;
};

export type EditForm<D, R = unknown> = {
  draft: D;
  setDraft(update: (draft: D) => D): void;
  /** An onChange handler for a text-like field. */
  set<K extends keyof D>(key: K): (event: { target: { value: string } }) => void;
  loaded: boolean;
  loadError: unknown;
  /** Whether saving updates a record (it has a version) rather than creating one. */
  editing: boolean;
  /** The version a save sends as If-Match, and the draft of that version (what the user's changes are measured from). */
  version: number | undefined;
  base: D;
  /** The error at `path`, or (with `under`) the first one below it (`parties.0.role` under `parties`). */
  fieldError(path: string, under?: boolean): FieldError | undefined;
  /** The last save's failure (an ApiError, or a network error); a 412 also fills `conflict`. */
  failure: unknown;
  saving: boolean;
  submit(event?: FormEvent): Promise<void>;
  conflict: Conflict | null;
  choose(key: string, choice: ConflictChoice): void;
  /**
   * The server holds a new version (a save went through though a later step failed): the next save sends it, and
   * the user's changes are measured from it. The draft is left as it is.
   */
  rebase(record: R): void;
};

export function useEditForm<R, D, S>(options: EditFormOptions<R, D, S>): EditForm<D, R> {
  const opts = useRef(options);
  opts.current = options;
  const [initial] = useState<D>(() =>
    options.record === undefined ? options.empty() : options.toDraft(options.record),
  );
  const [draft, setDraftState] = useState<D>(() => options.initialDraft ?? initial);
  const [version, setVersion] = useState<number | undefined>(() =>
    options.record === undefined ? undefined : options.versionOf(options.record),
  );
  const [loaded, setLoaded] = useState(options.record !== undefined || options.load === undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // The version the draft started from, and when: a 412 compares against it and lists changes since.
  const base = useRef<{ draft: D; at: string }>({ draft: initial, at: new Date().toISOString() });
  const versions = useRef<{ theirs: D; mine: D } | null>(null);
  const guard = useRef(createSendGuard<D>());
  // The form the last press submitted, and a count of refused saves: after each, focus goes to what was wrong.
  const formElement = useRef<HTMLElement | null>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0 && formElement.current) focusFirstInvalid(formElement.current);
  }, [refusals]);

  const hasRecord = options.record !== undefined;
  const { loadKey } = options;
  // Load once per record: a new `t` or new option closures must never overwrite what the user is typing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: loadKey says which record; options are read through a ref
  useEffect(() => {
    const { load, toDraft, versionOf } = opts.current;
    if (hasRecord || !load) return;
    let current = true;
    setLoaded(false);
    load().then(
      (record) => {
        if (!current) return;
        const next = toDraft(record);
        base.current = { draft: next, at: new Date().toISOString() };
        setDraftState(next);
        setVersion(versionOf(record));
        setLoaded(true);
      },
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, [loadKey, hasRecord]);

  const setDraft = useCallback((update: (d: D) => D) => setDraftState(update), []);
  const set =
    <K extends keyof D>(key: K) =>
    (event: { target: { value: string } }) =>
      setDraftState((d) => ({ ...d, [key]: event.target.value }));

  const fieldError = (path: string, under = false) =>
    errors.find((e) => e.path === path) ??
    (under ? errors.find((e) => e.path.startsWith(`${path}.`)) : undefined);

  /** After a 412: the current version becomes the base; each field they changed is offered, theirs or mine. */
  const showConflict = async (mine: D) => {
    const { load, toDraft, versionOf, fields, history } = opts.current;
    if (!load) return;
    const [record, entries] = await Promise.all([load(), history ? history().catch(() => []) : []]);
    const theirs = toDraft(record);
    const before = base.current;
    const rows = conflictRows(fields, before.draft, theirs, mine);
    const merged = mergeChoices(mine, theirs, rows);
    versions.current = { theirs, mine };
    base.current = { draft: theirs, at: new Date().toISOString() };
    setVersion(versionOf(record));
    setDraftState(merged);
    setConflict({ rows, changes: entries.filter((e) => e.occurredAt > before.at) });
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (event?.currentTarget instanceof HTMLElement) formElement.current = event.currentTarget;
    if (guard.current.inFlight) return;
    const { validate, save, onSaved } = opts.current;
    const invalid = validate?.(draft) ?? [];
    if (invalid.length > 0) {
      setErrors(invalid);
      setFailure(new ApiError(422, "invalid", invalid));
      setRefusals((n) => n + 1);
      return;
    }
    if (!guard.current.begin(draft, version)) return;
    setSaving(true);
    setErrors([]);
    setFailure(null);
    try {
      const saved = await save(draft, version);
      setConflict(null);
      const next = onSaved(saved, draft);
      if (next !== undefined) {
        base.current = { draft: next, at: new Date().toISOString() };
        setDraftState(next);
      } else guard.current.saved(draft, version);
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.fieldErrors);
      setFailure(e);
      if (e instanceof ApiError && e.status === 412) await showConflict(draft).catch(() => undefined);
      setRefusals((n) => n + 1);
    } finally {
      guard.current.end();
      setSaving(false);
    }
  };

  const choose = (key: string, choice: ConflictChoice) => {
    const both = versions.current;
    if (!both) return;
    const k = key as keyof D;
    setDraftState((d) => ({ ...d, [k]: choice === "theirs" ? both.theirs[k] : both.mine[k] }));
    setConflict((c) => c && { ...c, rows: c.rows.map((r) => (r.key === key ? { ...r, choice } : r)) });
  };

  const rebase = (record: R) => {
    const { toDraft, versionOf } = opts.current;
    base.current = { draft: toDraft(record), at: new Date().toISOString() };
    setVersion(versionOf(record));
  };

  return {
    draft,
    setDraft,
    set,
    loaded,
    loadError,
    editing: version !== undefined,
    version,
    // Changes only with `version` (a load, a 412) or a save, each of which renders again.
    base: base.current.draft,
    fieldError,
    failure,
    saving,
    submit,
    conflict,
    choose,
    rebase,
  };
}
