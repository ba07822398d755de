-- migrate, once the registrations are copied: new registrations take ids after the copied ones.
SELECT setval(pg_get_serial_sequence('lti_platforms', 'id'),
              (SELECT COALESCE(max(id), 0) + 1 FROM lti_platforms), false);
