-- pg_dump of auth (sample)
CREATE TABLE users (id int primary key);
INSERT INTO users VALUES (1),(2),(3);
