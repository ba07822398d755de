-- Uses up nonce ?1: its login can finish once only.
DELETE FROM lti_logins WHERE nonce = ?1;
