// The organisation a document or lesson belongs to: the reader's own organisations first, then the register.
import { useTranslation } from "react-i18next";
import { client, unwrap } from "../api";
import { useMe } from "../session";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";

export function OrganisationSelect(props: {
  label: string;
  value: string;
  onChange(id: string): void;
  error?: string | undefined;
  optional?: boolean;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const organisations = useAsync(
    () => unwrap(client.api.organisations.$get({ query: { limit: "200" } })),
    [],
  );
  const own = new Set(me.organisationIds);
  const items = [...(organisations.data?.items ?? [])].sort(
    (a, b) => Number(own.has(b.id)) - Number(own.has(a.id)) || a.name.localeCompare(b.name),
  );
  return (
    <Field label={props.label} error={props.error} required={!props.optional}>
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{props.optional ? t("library.fields.none") : t("library.fields.choose")}</option>
          {items.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
