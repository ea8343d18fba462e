// What every CLI command shares: its description, output, and the errors run-cli.ts turns into exit codes.

export type CliIo = {
  env: NodeJS.ProcessEnv;
  /** Writes one line (or several) to standard output. */
  out(text: string): void;
  /** Writes one line (or several) to standard error. */
  err(text: string): void;
  /** Standard input (process.stdin when run from a shell); `isTTY` when a person types at it. */
  input?: AsyncIterable<Buffer | string> & { isTTY?: boolean };
};

export type RunCommand = (args: string[], io: CliIo) => Promise<void>;

export type CliCommand = {
  /** The words that select the command, e.g. ["users", "create-admin"]. */
  words: readonly string[];
  /** Arguments after the words, as shown in the usage text. */
  synopsis: string;
  summary: string;
  /** Loaded on use, so that --help and typos answer without loading the database and auth libraries. */
  load(): Promise<RunCommand>;
};

/** An expected failure: printed as `error: <message>` without a stack trace, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** The command line itself is wrong (missing option or argument): exit code 2 and the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function requireOption(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`${flag} is required.`);
  return value;
}

export function singleFileArgument(positionals: readonly string[]): string {
  const [file, ...extra] = positionals;
  if (file === undefined || file === "") throw new UsageError("FILE is required.");
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(" ")}`);
  return file;
}
