-- Recomputes the list facets on the agreement row (theme_codes, party_kinds, party_organisation_ids, area_keys,
-- next_planned_due, open_planned_dues, party_list) of the given agreements; rows whose facets did not change are
-- not written. Called at commit by agreement_facets_settle; a migration adding a facet calls it for every agreement.
CREATE OR REPLACE FUNCTION agreement_facets_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE agreement a SET
    theme_codes = f.theme_codes,
    party_kinds = f.party_kinds,
    party_organisation_ids = f.party_organisation_ids,
    area_keys = f.area_keys,
    next_planned_due = f.next_planned_due,
    open_planned_dues = f.open_planned_dues,
    party_list = f.party_list
  FROM (
    SELECT i.id,
      coalesce((SELECT array_agg(DISTINCT t.theme_code ORDER BY t.theme_code)
        FROM agreement_theme t WHERE t.agreement_id = i.id), '{}'::text[]) AS theme_codes,
      coalesce((SELECT array_agg(DISTINCT o.kind ORDER BY o.kind)
        FROM agreement_party p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.agreement_id = i.id), '{}'::text[]) AS party_kinds,
      coalesce((SELECT array_agg(DISTINCT p.organisation_id ORDER BY p.organisation_id)
        FROM agreement_party p WHERE p.agreement_id = i.id), '{}'::uuid[]) AS party_organisation_ids,
      coalesce((SELECT array_agg(DISTINCT coalesce(ar.place_id::text, 'set:' || ar.place_set)
          ORDER BY coalesce(ar.place_id::text, 'set:' || ar.place_set))
        FROM agreement_area ar WHERE ar.agreement_id = i.id), '{}'::text[]) AS area_keys,
      (SELECT min(pe.due_on) FROM progress_entry pe
        WHERE pe.agreement_id = i.id AND pe.kind = 'planned' AND NOT pe.done) AS next_planned_due,
      coalesce((SELECT array_agg(pe.due_on ORDER BY pe.due_on) FROM progress_entry pe
        WHERE pe.agreement_id = i.id AND pe.kind = 'planned' AND NOT pe.done AND pe.due_on IS NOT NULL),
        '{}'::date[]) AS open_planned_dues,
      coalesce((SELECT json_agg(json_build_object(
          'organisationId', o.id, 'organisationName', o.name, 'acronym', o.acronym,
          'organisationKind', o.kind, 'role', p.role) ORDER BY o.name_key, p.role)
        FROM agreement_party p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.agreement_id = i.id), '[]'::json) AS party_list
    FROM (SELECT DISTINCT unnest(ids) AS id) i
  ) f
  WHERE a.id = f.id
    AND (a.theme_codes, a.party_kinds, a.party_organisation_ids, a.area_keys, a.next_planned_due,
        a.open_planned_dues, a.party_list::text)
      IS DISTINCT FROM
      (f.theme_codes, f.party_kinds, f.party_organisation_ids, f.area_keys, f.next_planned_due,
        f.open_planned_dues, f.party_list::text)
$$;
