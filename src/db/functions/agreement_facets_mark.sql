-- Notes agreements whose list facets must be recomputed at commit (agreement_facets_pending), once each.
CREATE OR REPLACE FUNCTION agreement_facets_mark(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  -- Sorted, so that concurrent writers take the rows' locks in the same order.
  INSERT INTO agreement_facets_pending (agreement_id)
    SELECT DISTINCT id FROM unnest(ids) AS id WHERE id IS NOT NULL ORDER BY id
  ON CONFLICT DO NOTHING
$$;
