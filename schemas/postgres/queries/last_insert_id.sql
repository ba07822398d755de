-- The value the last nextval() of this session returned (an identity or serial column's insert).
SELECT lastval();
