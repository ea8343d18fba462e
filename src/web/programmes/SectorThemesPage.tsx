// The DAC sector → theme table the IATI import reads: every sector code with the theme it gives a programme;
// administrators change one (If-Match, so a change made meanwhile is not overwritten), each change in the history.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Theme } from "../../modules/agreements/agreements.schema";
import { type SectorTheme, SectorThemePatchSchema } from "../../modules/programmes/iati.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { useSession } from "../session";
import { errorText, fieldErrorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { PageFailure } from "../ui/PageFailure";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";

type Message = { ok: boolean; text: string };

function SectorRow({
  sector,
  themes,
  canEdit,
  onChanged,
}: {
  sector: SectorTheme;
  themes: Theme[];
  canEdit: boolean;
  onChanged: (message: Message) => void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [choice, setChoice] = useState(sector.themeCode ?? "");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const themeName = (code: string | null) =>
    code ? (themes.find((th) => th.code === code)?.names[locale] ?? code) : t("sectorThemes.none");
  const selectId = `sector-theme-${sector.sectorCode}`;
  const errorId = `${selectId}-error`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = SectorThemePatchSchema.safeParse({ themeCode: choice === "" ? null : choice });
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setBusy(true);
    try {
      const updated = await unwrap(
        client.api["iati-sector-themes"][":code"].$patch({
          param: { code: sector.sectorCode },
          header: ifMatch(sector.version),
          json: parsed.data,
        }),
      );
      setErrors([]);
      onChanged({
        ok: true,
        text: t("sectorThemes.changed", { code: updated.sectorCode, theme: themeName(updated.themeCode) }),
      });
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      // Changed meanwhile (412): the list reloads with the other administrator's choice, to decide on again.
      onChanged({ ok: false, text: `${sector.sectorCode}: ${errorText(t, err)}` });
    } finally {
      setBusy(false);
    }
  };

  const error = errors.find((x) => x.path === "themeCode") ?? errors[0];
  return (
    <tr>
      <td data-label={t("sectorThemes.code")}>{sector.sectorCode}</td>
      <td data-label={t("sectorThemes.sector")}>{sector.name}</td>
      <td data-label={t("sectorThemes.theme")}>
        {canEdit ? (
          <form className="sector-theme-form" onSubmit={save} noValidate>
            <label className="visually-hidden" htmlFor={selectId}>
              {t("sectorThemes.themeOf", { code: sector.sectorCode })}
            </label>
            <select
              id={selectId}
              className="sector-theme-select"
              value={choice}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => setChoice(e.target.value)}
            >
              <option value="">{t("sectorThemes.none")}</option>
              {themes.map((th) => (
                <option key={th.code} value={th.code}>
                  {th.names[locale]}
                </option>
              ))}
            </select>
            <button
              type="submit"
              className="button"
              disabled={busy || choice === (sector.themeCode ?? "")}
              aria-label={t("sectorThemes.saveFor", { code: sector.sectorCode })}
            >
              {t("common.save")}
            </button>
            {error ? (
              <span className="field-error" id={errorId}>
                {fieldErrorText(t, error)}
              </span>
            ) : null}
          </form>
        ) : (
          themeName(sector.themeCode)
        )}
      </td>
    </tr>
  );
}

export function SectorThemesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const sectors = useAsync(() => unwrap(client.api["iati-sector-themes"].$get()), []);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const [message, setMessage] = useState<Message | null>(null);
  if (sectors.error) return <PageFailure error={sectors.error} />;

  return (
    <div className="page">
      <p>
        <Link to="/admin/themes">{t("sectorThemes.backToThemes")}</Link>
      </p>
      <h1>{t("sectorThemes.title")}</h1>
      <p className="muted">{t("sectorThemes.intro")}</p>
      {message ? (
        <p className={message.ok ? "alert alert-success" : "alert alert-error"} role="status">
          {message.text}
        </p>
      ) : null}
      {!sectors.data || !themes.data ? (
        <p>{t("common.loading")}</p>
      ) : (
        <div className="table-scroll" {...scrollRegion(t("sectorThemes.title"))}>
          {/* On a phone each sector is a small card of labelled lines (the labels come from data-label). */}
          <table className="changes stack-table" data-testid="sector-themes">
            <thead>
              <tr>
                <th scope="col">{t("sectorThemes.code")}</th>
                <th scope="col">{t("sectorThemes.sector")}</th>
                <th scope="col">{t("sectorThemes.theme")}</th>
              </tr>
            </thead>
            <tbody>
              {sectors.data.items.map((s) => (
                <SectorRow
                  key={`${s.sectorCode}:${s.version}`}
                  sector={s}
                  themes={themes.data?.items ?? []}
                  canEdit={can("theme", "update")}
                  onChanged={(m) => {
                    setMessage(m);
                    sectors.reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
