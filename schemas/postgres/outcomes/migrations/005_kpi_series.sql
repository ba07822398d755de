-- The outcome plugin's schema on PostgreSQL, version 5: each KPI subject's observations as one
-- row, for the impact estimate (schemas/sqlite/outcomes, 005_kpi_series.sql, says why).
-- "DAY:VALUE;DAY:VALUE;..." by day; a value is written as PostgreSQL's shortest text that reads
-- back as exactly the stored double (extra_float_digits = 1), which plugin/kpi/series.h reads as
-- it reads SQLite's 17 digits. A trigger keeps the rows equal to outcome_kpi in the transaction
-- that writes an observation: a new observation after the subject's last day is appended; any
-- other change rebuilds the row of each subject concerned from its observations, or removes it
-- when none is left; re-recording a value unchanged touches nothing.
CREATE TABLE outcome_kpi_series (
  store_id     bigint NOT NULL,
  outcome_id   text COLLATE "C" NOT NULL,
  subject      text COLLATE "C" NOT NULL,
  subject_sha  bytea NOT NULL,
  observations bigint NOT NULL,
  last_day     bigint NOT NULL,
  series       text NOT NULL,
  PRIMARY KEY (store_id, outcome_id, subject_sha)
);

-- Rebuilds the row of one subject from its observations (none left: no row).
CREATE FUNCTION outcome_kpi_series_rebuild(p_store bigint, p_outcome text, p_sha bytea)
RETURNS void LANGUAGE sql SET extra_float_digits = 1 AS $$
  DELETE FROM outcome_kpi_series
  WHERE store_id = p_store AND outcome_id = p_outcome AND subject_sha = p_sha;
  INSERT INTO outcome_kpi_series
    (store_id, outcome_id, subject, subject_sha, observations, last_day, series)
  SELECT p_store, p_outcome, min(subject), p_sha, count(*), max(day),
         string_agg(day::text || ':' || value::text, ';' ORDER BY day)
  FROM outcome_kpi
  WHERE store_id = p_store AND outcome_id = p_outcome AND subject_sha = p_sha
  HAVING count(*) > 0;
$$;

CREATE FUNCTION outcome_kpi_series_sync() RETURNS trigger
LANGUAGE plpgsql SET extra_float_digits = 1 AS $$
DECLARE
  last bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT last_day INTO last FROM outcome_kpi_series
    WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id
      AND subject_sha = NEW.subject_sha;
    IF NOT FOUND THEN
      INSERT INTO outcome_kpi_series
        (store_id, outcome_id, subject, subject_sha, observations, last_day, series)
      VALUES (NEW.store_id, NEW.outcome_id, NEW.subject, NEW.subject_sha, 1, NEW.day,
              NEW.day::text || ':' || NEW.value::text);
    ELSIF last < NEW.day THEN
      UPDATE outcome_kpi_series
      SET observations = observations + 1, last_day = NEW.day,
          series = series || ';' || NEW.day::text || ':' || NEW.value::text
      WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id
        AND subject_sha = NEW.subject_sha;
    ELSE
      PERFORM outcome_kpi_series_rebuild(NEW.store_id, NEW.outcome_id, NEW.subject_sha);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF (OLD.store_id, OLD.outcome_id, OLD.day, OLD.subject_sha)
       IS DISTINCT FROM (NEW.store_id, NEW.outcome_id, NEW.day, NEW.subject_sha) THEN
      PERFORM outcome_kpi_series_rebuild(OLD.store_id, OLD.outcome_id, OLD.subject_sha);
      PERFORM outcome_kpi_series_rebuild(NEW.store_id, NEW.outcome_id, NEW.subject_sha);
    ELSIF OLD.value IS DISTINCT FROM NEW.value THEN
      PERFORM outcome_kpi_series_rebuild(NEW.store_id, NEW.outcome_id, NEW.subject_sha);
    END IF;
  ELSE
    PERFORM outcome_kpi_series_rebuild(OLD.store_id, OLD.outcome_id, OLD.subject_sha);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER outcome_kpi_series_sync AFTER INSERT OR UPDATE OR DELETE ON outcome_kpi
FOR EACH ROW EXECUTE FUNCTION outcome_kpi_series_sync();
