// "Show older": the next page of a list read newest first by cursor (recent changes, a user's activity), and why it
// could not be read.
import { useTranslation } from "react-i18next";
import { errorText } from "./errors";

export function ShowOlder({
  more,
  loading,
  error,
  label,
  onMore,
}: {
  /** Whether there is an older page. */
  more: boolean;
  loading: boolean;
  error: unknown;
  label: string;
  onMore(): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {more ? (
        <p>
          <button type="button" className="button" disabled={loading} onClick={onMore}>
            {loading ? t("common.working") : label}
          </button>
        </p>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, error)}
        </p>
      ) : null}
    </>
  );
}
