-- Whether outcome ?2 of store ?1 has, up to day ?3, whole-audience observations, and any
-- observations (so that values recorded for later dates leave an earlier range as it was).
SELECT EXISTS (SELECT 1 FROM outcome_kpi
               WHERE store_id = ?1 AND outcome_id = ?2 AND subject = '' AND day <= ?3),
       EXISTS (SELECT 1 FROM outcome_kpi WHERE store_id = ?1 AND outcome_id = ?2 AND day <= ?3);
