-- The Cost Explorer day store (finops_lib/sources/ce_store.py). One statement per "-- name:".
-- A cube is one (profile, caller account, metric, grouping, filter); `days` says which days of
-- it are stored, whether AWS still marked them Estimated, when they were fetched and how many
-- rows were written (a row count that does not match means a damaged day: it is refetched).
-- `modelled` marks the days stored from a coarse-plan read (ce_days): their account × service
-- split of undrilled series is modelled; a full-plan save of the day removes the mark.

-- name: schema
CREATE TABLE IF NOT EXISTS cubes (
  cube TEXT PRIMARY KEY, label TEXT NOT NULL, used_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS days (
  cube TEXT NOT NULL, day TEXT NOT NULL, estimated INTEGER NOT NULL,
  fetched_on TEXT NOT NULL, row_count INTEGER NOT NULL, PRIMARY KEY (cube, day));
CREATE TABLE IF NOT EXISTS rows (
  cube TEXT NOT NULL, day TEXT NOT NULL, account_id TEXT NOT NULL, service TEXT NOT NULL,
  amount REAL NOT NULL, currency TEXT NOT NULL, PRIMARY KEY (cube, day, account_id, service));
CREATE TABLE IF NOT EXISTS names (
  cube TEXT NOT NULL, account_id TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (cube, account_id));
CREATE TABLE IF NOT EXISTS modelled (
  cube TEXT NOT NULL, day TEXT NOT NULL, read_on TEXT NOT NULL, accounts_exact INTEGER NOT NULL,
  PRIMARY KEY (cube, day));

-- name: stored_days
SELECT d.day, d.estimated, d.fetched_on, d.row_count,
       (SELECT count(*) FROM rows r WHERE r.cube = d.cube AND r.day = d.day) AS present
FROM days d WHERE d.cube = ? AND d.day >= ? AND d.day < ?;

-- name: load_rows
SELECT r.day, r.account_id, r.service, r.amount, r.currency, d.estimated
FROM rows r JOIN days d ON d.cube = r.cube AND d.day = r.day
WHERE r.cube = ? AND r.day >= ? AND r.day < ?;

-- name: load_modelled
SELECT day, read_on, accounts_exact FROM modelled WHERE cube = ? AND day >= ? AND day < ?;

-- name: put_modelled
INSERT OR REPLACE INTO modelled (cube, day, read_on, accounts_exact) VALUES (?, ?, ?, ?);

-- name: clear_modelled
DELETE FROM modelled WHERE cube = ? AND day = ?;

-- name: rows_per_day
SELECT avg(row_count) FROM days WHERE cube = ? AND row_count > 0;

-- name: distinct_keys
SELECT count(DISTINCT account_id), count(DISTINCT service) FROM rows WHERE cube = ?;

-- name: load_names
SELECT account_id, name FROM names WHERE cube = ?;

-- name: touch_cube
INSERT INTO cubes (cube, label, used_at) VALUES (?, ?, ?)
ON CONFLICT (cube) DO UPDATE SET used_at = excluded.used_at;

-- name: delete_day_rows
DELETE FROM rows WHERE cube = ? AND day = ?;

-- name: put_day
INSERT OR REPLACE INTO days (cube, day, estimated, fetched_on, row_count) VALUES (?, ?, ?, ?, ?);

-- name: put_row
INSERT OR REPLACE INTO rows (cube, day, account_id, service, amount, currency)
VALUES (?, ?, ?, ?, ?, ?);

-- name: put_name
INSERT OR REPLACE INTO names (cube, account_id, name) VALUES (?, ?, ?);

-- name: prune_old_days
DELETE FROM days WHERE day < ?;

-- name: prune_old_rows
DELETE FROM rows WHERE day < ?;

-- name: prune_old_modelled
DELETE FROM modelled WHERE day < ?;

-- name: oldest_cube
SELECT cube FROM cubes ORDER BY used_at LIMIT 1;

-- name: drop_cube_rows
DELETE FROM rows WHERE cube = ?;

-- name: drop_cube_days
DELETE FROM days WHERE cube = ?;

-- name: drop_cube_modelled
DELETE FROM modelled WHERE cube = ?;

-- name: drop_cube_names
DELETE FROM names WHERE cube = ?;

-- name: drop_cube
DELETE FROM cubes WHERE cube = ?;
