-- The impact estimate: whether outcome ?2 of store ?1 has an observation whose subject lies in
-- [?3, ?4) (learners: ['agent:', 'agent;'), teams: ['team:', 'team;'), the whole audience:
-- ['', 'a')) from day ?5 to day ?6. Served by outcome_kpi_by_subject.
SELECT EXISTS (SELECT 1 FROM outcome_kpi
               WHERE store_id = ?1 AND outcome_id = ?2 AND subject >= ?3 AND subject < ?4
                 AND day >= ?5 AND day <= ?6);
