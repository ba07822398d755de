-- The xAPI version of the request that stored each statement ('1.0.3' or '2.0.0', the rule set
-- it was validated and prepared under): a statement received under 2.0.0 is converted when a
-- 1.0.3 request reads it (lrs/xapi/conversion.h), and only those need to be looked at. Every
-- statement stored before this migration came through a 1.0.x request.
ALTER TABLE statements ADD COLUMN xapi_version TEXT NOT NULL DEFAULT '1.0.3';
