-- Leaves the teams that manager ?2 (an erased person's identifier) managed in store ?1 without
-- a manager.
UPDATE outcome_roster SET manager = '' WHERE store_id = ?1 AND manager = ?2;
