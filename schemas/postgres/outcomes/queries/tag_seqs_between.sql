-- The statements (seq) generation ?1 tags with seq from ?2 to ?3.
SELECT seq FROM outcome_tags WHERE outcome_key = ?1 AND seq BETWEEN ?2 AND ?3;
