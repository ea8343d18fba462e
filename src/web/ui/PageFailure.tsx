// A page whose record or figures could not be loaded: still a page, with a heading (its title in the window, and
// where the focus goes), the reason in words, and a way back.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorText } from "./errors";

export function PageFailure({ error, back }: { error: unknown; back?: { to: string; label: string } }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("errors.pageFailed")}</h1>
      <p className="alert alert-error" role="alert">
        {errorText(t, error)}
      </p>
      {back ? <Link to={back.to}>{back.label}</Link> : null}
    </div>
  );
}
