// One send per press: a form has at most one request in flight, and a draft that was saved is not sent again.

/**
 * Decides whether a press of Save sends. A ref-like object, not React state: two clicks 80 ms apart both run
 * before React renders the disabled button. After a save that ended the form (it navigates or closes), the same
 * draft and version are not sent again: the page stays on screen until the next one has loaded (a lazy chunk on 3G),
 * and a second click in that time created a second, identical agreement. A changed draft, or a failed save, sends.
 */
export type SendGuard<D> = {
  /** True when this press may send; the caller must call `end` once the request is over. */
  begin(draft: D, version: number | undefined): boolean;
  /** The request saved `draft` at `version`, and the form holds no new draft to go on from. */
  saved(draft: D, version: number | undefined): void;
  end(): void;
  readonly inFlight: boolean;
};

export function createSendGuard<D>(): SendGuard<D> {
  let inFlight = false;
  let last: { draft: D; version: number | undefined } | null = null;
  return {
    begin(draft, version) {
      if (inFlight) return false;
      if (last && last.draft === draft && last.version === version) return false;
      inFlight = true;
      return true;
    },
    saved(draft, version) {
      last = { draft, version };
    },
    end() {
      inFlight = false;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
