-- The outcome plugin's schema, version 5: each KPI subject's observations as one row, for the
-- impact estimate.
--
-- The estimate reads every per-learner (or per-team) observation of an outcome: 120,000 rows of
-- outcome_kpi for 5,000 learners over 24 months, which SQLite steps through at about a microsecond
-- each. Here each subject (learner, team, or the whole audience) has one row whose `series` holds
-- all its observations, "DAY:VALUE;DAY:VALUE;..." by day (days since 1970-01-01, values with 17
-- significant digits: exactly the stored doubles for every value a KPI may have, |v| <= 1e15), so
-- the estimate reads one row per learner. Triggers keep it equal to outcome_kpi in the transaction
-- that writes an observation: a new observation after the subject's last day is appended; any
-- other change rebuilds the row of each subject concerned from its observations (read through
-- outcome_kpi_by_subject), or removes it when none is left; re-recording a value unchanged touches
-- nothing. (Rebuilt by a delete, then an insert: a conflict clause in a trigger would give way to
-- that of the statement that fired it. INDEXED BY: without statistics SQLite would walk every
-- observation of the outcome in day order rather than the subject's.) The rows of the observations
-- already stored are built here.
CREATE TABLE outcome_kpi_series (
  store_id     INTEGER NOT NULL,
  outcome_id   TEXT NOT NULL,
  subject      TEXT NOT NULL,     -- as outcome_kpi.subject: '', 'agent:IDENTITY', 'team:NAME'
  observations INTEGER NOT NULL,  -- how many DAY:VALUE pairs `series` holds
  last_day     INTEGER NOT NULL,  -- the day of the last pair
  series       TEXT NOT NULL,
  PRIMARY KEY (store_id, outcome_id, subject)
) WITHOUT ROWID;

INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
SELECT store_id, outcome_id, subject, count(*), max(day),
       group_concat(day || ':' || printf('%!.17g', value), ';')
FROM (SELECT store_id, outcome_id, subject, day, value FROM outcome_kpi
      ORDER BY store_id, outcome_id, subject, day)
GROUP BY store_id, outcome_id, subject;

-- A new observation. Three triggers, each with the condition under which it acts (evaluated
-- once, so the common case reads nothing more), in any order: the subject's first observation
-- makes its row; a day after the subject's last (the usual case: this month's export) is
-- appended; an earlier day rebuilds the row.
CREATE TRIGGER outcome_kpi_series_first AFTER INSERT ON outcome_kpi
WHEN NOT EXISTS (SELECT 1 FROM outcome_kpi_series WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject) BEGIN
  INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
  VALUES (NEW.store_id, NEW.outcome_id, NEW.subject, 1, NEW.day,
          NEW.day || ':' || printf('%!.17g', NEW.value));
END;

CREATE TRIGGER outcome_kpi_series_append AFTER INSERT ON outcome_kpi
WHEN (SELECT last_day FROM outcome_kpi_series WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject) < NEW.day BEGIN
  UPDATE outcome_kpi_series
  SET observations = observations + 1, last_day = NEW.day,
      series = series || ';' || NEW.day || ':' || printf('%!.17g', NEW.value)
  WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject;
END;

CREATE TRIGGER outcome_kpi_series_insert_earlier AFTER INSERT ON outcome_kpi
WHEN (SELECT last_day FROM outcome_kpi_series WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject) > NEW.day BEGIN
  DELETE FROM outcome_kpi_series WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject;
  INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
  SELECT NEW.store_id, NEW.outcome_id, NEW.subject, count(*), max(day),
         group_concat(day || ':' || printf('%!.17g', value), ';')
  FROM (SELECT day, value FROM outcome_kpi INDEXED BY outcome_kpi_by_subject
        WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject
        ORDER BY day);
END;

-- A new value (a re-import of the same value changes nothing, and costs nothing here).
CREATE TRIGGER outcome_kpi_series_after_value AFTER UPDATE OF value ON outcome_kpi
WHEN OLD.value IS NOT NEW.value BEGIN
  DELETE FROM outcome_kpi_series
  WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject;
  INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
  SELECT NEW.store_id, NEW.outcome_id, NEW.subject, count(*), max(day),
         group_concat(day || ':' || printf('%!.17g', value), ';')
  FROM (SELECT day, value FROM outcome_kpi INDEXED BY outcome_kpi_by_subject
        WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject
        ORDER BY day)
  HAVING count(*) > 0;
END;

-- A row moved to another day or subject (the plugin never does this; kept right anyway).
CREATE TRIGGER outcome_kpi_series_after_move
AFTER UPDATE OF store_id, outcome_id, day, subject ON outcome_kpi BEGIN
  DELETE FROM outcome_kpi_series
  WHERE store_id = OLD.store_id AND outcome_id = OLD.outcome_id AND subject = OLD.subject;
  INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
  SELECT OLD.store_id, OLD.outcome_id, OLD.subject, count(*), max(day),
         group_concat(day || ':' || printf('%!.17g', value), ';')
  FROM (SELECT day, value FROM outcome_kpi INDEXED BY outcome_kpi_by_subject
        WHERE store_id = OLD.store_id AND outcome_id = OLD.outcome_id AND subject = OLD.subject
        ORDER BY day)
  HAVING count(*) > 0;
  DELETE FROM outcome_kpi_series
  WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject;
  INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
  SELECT NEW.store_id, NEW.outcome_id, NEW.subject, count(*), max(day),
         group_concat(day || ':' || printf('%!.17g', value), ';')
  FROM (SELECT day, value FROM outcome_kpi INDEXED BY outcome_kpi_by_subject
        WHERE store_id = NEW.store_id AND outcome_id = NEW.outcome_id AND subject = NEW.subject
        ORDER BY day)
  HAVING count(*) > 0;
END;

CREATE TRIGGER outcome_kpi_series_after_delete AFTER DELETE ON outcome_kpi BEGIN
  DELETE FROM outcome_kpi_series
  WHERE store_id = OLD.store_id AND outcome_id = OLD.outcome_id AND subject = OLD.subject;
  INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
  SELECT OLD.store_id, OLD.outcome_id, OLD.subject, count(*), max(day),
         group_concat(day || ':' || printf('%!.17g', value), ';')
  FROM (SELECT day, value FROM outcome_kpi INDEXED BY outcome_kpi_by_subject
        WHERE store_id = OLD.store_id AND outcome_id = OLD.outcome_id AND subject = OLD.subject
        ORDER BY day)
  HAVING count(*) > 0;
END;
