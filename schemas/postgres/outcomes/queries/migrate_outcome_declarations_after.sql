-- migrate, once the generations are copied: new generations take keys after the copied ones.
SELECT setval(pg_get_serial_sequence('outcome_declarations', 'key'),
              (SELECT COALESCE(max(key), 0) + 1 FROM outcome_declarations), false);
