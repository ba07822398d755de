-- The outcome plugin's schema, version 3: the roster (teams and managers).
--
-- One row per learner of a store: the learner's identity (the same key the tagging gives the
-- actor, xapi::AgentKey, so it joins outcome_learners.agent), their team, and optionally their
-- manager's identifier and a segment. A learner is in one team. `outcome-lrs roster import` and
-- PUT /outcomes/roster replace a store's roster as a whole. Dashboards filtered by team read the
-- team's members here and look each up in outcome_learners by (outcome_key, agent), the primary
-- key, to get the learner ordinals that the daily learner lists are keyed by.
CREATE TABLE outcome_roster (
  store_id INTEGER NOT NULL,
  agent    TEXT NOT NULL,   -- the learner's identity (xapi::AgentKey)
  team     TEXT NOT NULL,
  manager  TEXT NOT NULL,   -- the manager's identifier; '' when none
  segment  TEXT NOT NULL,   -- '' when none
  PRIMARY KEY (store_id, agent)
) WITHOUT ROWID;
CREATE INDEX outcome_roster_by_team ON outcome_roster (store_id, team);
CREATE INDEX outcome_roster_by_manager ON outcome_roster (store_id, manager);
