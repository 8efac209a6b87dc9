-- Progression questionnaire (spørgeramme), issue 16; the design is docs/questionnaire.md.
PRAGMA foreign_keys = OFF;
BEGIN;

-- A new municipal role, the caseworker (sagsbehandler): bound to one municipality like
-- finance, with access to the questionnaire only. SQLite cannot alter a CHECK, so the
-- table is rebuilt as its documentation describes, with the same columns in the same
-- order (tests/app/schema.rs compares them with PostgreSQL's).
CREATE TABLE users_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'finance', 'committee', 'admin', 'caseworker')),
    municipality_code INTEGER REFERENCES municipalities (code),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    -- municipal roles are bound to exactly one municipality, STAR roles to none
    CHECK ((role IN ('finance', 'committee', 'caseworker')) = (municipality_code IS NOT NULL))
);
INSERT INTO users_new (id, username, display_name, password_hash, role, municipality_code,
    active, created_at, email)
SELECT id, username, display_name, password_hash, role, municipality_code, active,
    created_at, email FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- A pool's question sets. Each version is immutable once written (the trigger below); a
-- change makes a new version, except that the newest version may be replaced while no
-- measurement uses it (the foreign key from the measurements stops its removal once one
-- does). `definition` is domain::questionnaire::QuestionSet as JSON; `codes` lists the
-- question codes in order, comma-separated, for reading without parsing the JSON.
CREATE TABLE question_sets (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pool_id BIGINT NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    definition TEXT NOT NULL,
    questions INTEGER NOT NULL CHECK (questions BETWEEN 1 AND 100),
    illustration BOOLEAN NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (pool_id, version)
);
CREATE TRIGGER question_sets_immutable BEFORE UPDATE ON question_sets
BEGIN SELECT RAISE(ABORT, 'a question set version is never edited; make a new version'); END;

-- The pool's questionnaire rules: how many months either side of the due date the
-- follow-up may be measured (the window).
CREATE TABLE questionnaire_settings (
    pool_id BIGINT PRIMARY KEY NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
    window_months INTEGER NOT NULL DEFAULT 1 CHECK (window_months BETWEEN 0 AND 6)
);

-- One measurement (måling) of one citizen: the baseline at the first conversation, the
-- follow-up a year later, or the exit measurement when they leave before it. The
-- citizen is the monitoring pseudonym (never the CPR number). `answers` holds the
-- answers in question order (domain::questionnaire::encode_answers), under the version
-- they were given. A person has at most one of each kind per municipality and pool, and
-- never both a follow-up and an exit (the partial index).
CREATE TABLE questionnaire_measurements (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pool_id BIGINT NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    person BLOB NOT NULL CHECK (length(person) = 32),
    kind SMALLINT NOT NULL CHECK (kind IN (0, 1, 2)),
    question_set_id BIGINT NOT NULL REFERENCES question_sets (id),
    measured_on DATE NOT NULL,
    exit_reason SMALLINT CHECK ((kind = 2) = (exit_reason IS NOT NULL)
        AND (exit_reason IS NULL OR exit_reason BETWEEN 1 AND 4)),
    answers TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('form', 'import')),
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (pool_id, municipality_code, person, kind)
);
CREATE UNIQUE INDEX questionnaire_measurements_one_ending
    ON questionnaire_measurements (pool_id, municipality_code, person) WHERE kind <> 0;
CREATE INDEX questionnaire_measurements_set ON questionnaire_measurements (question_set_id);

-- The persons ever in group 1 per municipality (the response rates' denominator),
-- counted from the monitoring rows of the municipality's current person set and kept
-- until the set changes (app::questionnaire::results), so the national results need
-- not count all of the nation's rows on every view.
CREATE TABLE questionnaire_group1 (
    municipality_code INTEGER PRIMARY KEY NOT NULL REFERENCES municipalities (code),
    person_set BIGINT NOT NULL,
    persons BIGINT NOT NULL CHECK (persons >= 0)
);

-- The monthly follow-up reminders run as a scheduled job (app::questionnaire::reminders).
INSERT INTO scheduled_jobs (name) VALUES ('questionnaire-reminders');

COMMIT;
PRAGMA foreign_keys = ON;
