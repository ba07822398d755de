-- The observations of outcome ?2 of store ?1 from day ?3 to day ?4. In no order: the plugin
-- orders them by date and subject (plugin/store/kpi_store.cpp, ListKpi); sorting the subjects'
-- text here took most of a dashboard's time (about 30 of 40 ms for 15,000 observations).
SELECT day, subject, value, agent, team FROM outcome_kpi
WHERE store_id = ?1 AND outcome_id = ?2 AND day >= ?3 AND day <= ?4;
