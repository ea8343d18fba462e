// The facts of a visit as a form: place, announced or not, type, dates, objectives, team, people interviewed (by
// category and count, never names) and summary. Shared by the plan form and the visit page's edit form.
import { useTranslation } from "react-i18next";
import {
  INTERVIEW_CATEGORIES,
  TEAM_ROLES,
  VISIT_TYPES,
  type VisitInterview,
  type VisitTeamMember,
  type VisitType,
} from "../../modules/monitoring/visits.schema";
import type { FieldError } from "../../shared/app-errors";
import { client, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";

export type VisitDraft = {
  placeId: string;
  announced: boolean;
  visitType: VisitType;
  startsOn: string;
  endsOn: string;
  objectives: string;
  team: VisitTeamMember[];
  interviews: VisitInterview[];
  summary: string;
};

export const emptyVisitDraft = (): VisitDraft => ({
  placeId: "",
  announced: false,
  visitType: "regular",
  startsOn: "",
  endsOn: "",
  objectives: "",
  team: [],
  interviews: [],
  summary: "",
});

/** The draft as the API takes it (empty texts and dates as null). */
export const visitBody = (d: VisitDraft) => ({
  placeId: d.placeId,
  announced: d.announced,
  visitType: d.visitType,
  startsOn: d.startsOn,
  endsOn: d.endsOn || null,
  objectives: d.objectives || null,
  team: d.team,
  interviews: d.interviews,
  summary: d.summary || null,
});

type Props = {
  draft: VisitDraft;
  /** Given an update of the latest draft, not a draft: two changes in one render must not undo each other. */
  onChange(update: (draft: VisitDraft) => VisitDraft): void;
  errors: readonly FieldError[];
  withSummary?: boolean;
};

export function VisitFields({ draft, onChange, errors, withSummary }: Props) {
  const { t } = useTranslation();
  const k = (key: string) => t(`monitoring.visits.${key}`);
  const places = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "place_of_detention", limit: "500" } })),
    [],
  );
  const set = (patch: Partial<VisitDraft>) => onChange((latest) => ({ ...latest, ...patch }));
  const errorAt = (path: string) => {
    const found = errors.find((e) => e.path === path);
    return found ? fieldErrorText(t, found) : undefined;
  };
  const unusedCategories = INTERVIEW_CATEGORIES.filter(
    (c) => !draft.interviews.some((i) => i.category === c),
  );

  return (
    <div className="visit-fields">
      <Field label={k("fields.place")} required error={errorAt("placeId")}>
        {(props) => (
          <select
            {...props}
            required
            value={draft.placeId}
            onChange={(e) => set({ placeId: e.target.value })}
          >
            <option value="">{k("form.choosePlace")}</option>
            {places.data?.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={draft.announced}
            onChange={(e) => set({ announced: e.target.checked })}
          />{" "}
          {k("form.announcedLabel")}
        </label>
      </div>
      <Field label={k("fields.visitType")} required error={errorAt("visitType")}>
        {(props) => (
          <select
            {...props}
            value={draft.visitType}
            onChange={(e) => set({ visitType: e.target.value as VisitType })}
          >
            {VISIT_TYPES.map((type) => (
              <option key={type} value={type}>
                {k(`type.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={k("fields.startsOn")} required error={errorAt("startsOn")}>
        {(props) => (
          <DateInput control={props} value={draft.startsOn} onChange={(startsOn) => set({ startsOn })} />
        )}
      </Field>
      <Field label={k("fields.endsOn")} error={errorAt("endsOn")}>
        {(props) => <DateInput control={props} value={draft.endsOn} onChange={(endsOn) => set({ endsOn })} />}
      </Field>
      <Field label={k("fields.objectives")} error={errorAt("objectives")}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={draft.objectives}
            onChange={(e) => set({ objectives: e.target.value })}
          />
        )}
      </Field>
      <fieldset className="visit-team">
        <legend>{k("fields.team")}</legend>
        {draft.team.map((member, i) => (
          <div className="form-row" key={`member-${i.toString()}`}>
            <Field label={k("fields.name")} error={errorAt(`team.${i}.name`)}>
              {(props) => (
                <input
                  {...props}
                  value={member.name}
                  onChange={(e) =>
                    set({ team: draft.team.map((m, j) => (j === i ? { ...m, name: e.target.value } : m)) })
                  }
                />
              )}
            </Field>
            <Field label={k("fields.role")}>
              {(props) => (
                <select
                  {...props}
                  value={member.role}
                  onChange={(e) =>
                    set({
                      team: draft.team.map((m, j) =>
                        j === i ? { ...m, role: e.target.value as VisitTeamMember["role"] } : m,
                      ),
                    })
                  }
                >
                  {TEAM_ROLES.map((role) => (
                    <option key={role} value={role}>
                      {k(`teamRoles.${role}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button
              type="button"
              className="button"
              onClick={() => set({ team: draft.team.filter((_, j) => j !== i) })}
            >
              {k("form.remove")}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() => set({ team: [...draft.team, { name: "", role: "monitor" }] })}
        >
          {k("form.addMember")}
        </button>
      </fieldset>
      <fieldset className="visit-interviews">
        <legend>{k("fields.interviews")}</legend>
        <p className="field-hint">{k("form.namesWarning")}</p>
        {draft.interviews.map((interview, i) => (
          <div className="form-row" key={interview.category}>
            <Field label={k("fields.category")}>
              {(props) => (
                <select
                  {...props}
                  value={interview.category}
                  onChange={(e) =>
                    set({
                      interviews: draft.interviews.map((x, j) =>
                        j === i ? { ...x, category: e.target.value as VisitInterview["category"] } : x,
                      ),
                    })
                  }
                >
                  {INTERVIEW_CATEGORIES.filter(
                    (c) => c === interview.category || unusedCategories.includes(c),
                  ).map((c) => (
                    <option key={c} value={c}>
                      {k(`interviewCategories.${c}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={k("fields.count")} error={errorAt(`interviews.${i}.count`)}>
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={String(interview.count)}
                  onChange={(e) =>
                    set({
                      interviews: draft.interviews.map((x, j) =>
                        j === i ? { ...x, count: Number(e.target.value) } : x,
                      ),
                    })
                  }
                />
              )}
            </Field>
            <button
              type="button"
              className="button"
              onClick={() => set({ interviews: draft.interviews.filter((_, j) => j !== i) })}
            >
              {k("form.remove")}
            </button>
          </div>
        ))}
        {unusedCategories[0] ? (
          <button
            type="button"
            className="button"
            onClick={() =>
              set({
                interviews: [
                  ...draft.interviews,
                  { category: unusedCategories[0] as VisitInterview["category"], count: 0 },
                ],
              })
            }
          >
            {k("form.addInterview")}
          </button>
        ) : null}
      </fieldset>
      {withSummary ? (
        <Field label={k("fields.summary")} error={errorAt("summary")}>
          {(props) => (
            <textarea
              {...props}
              rows={4}
              value={draft.summary}
              onChange={(e) => set({ summary: e.target.value })}
            />
          )}
        </Field>
      ) : null}
    </div>
  );
}
