-- Progression questionnaire (spørgeramme), issue 16 (PostgreSQL): the same tables and
-- invariants as migrations/sqlite. The design is docs/questionnaire.md.

-- A new municipal role, the caseworker (sagsbehandler): bound to one municipality like
-- finance, with access to the questionnaire only.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('officer', 'finance', 'committee', 'admin', 'caseworker'));
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_check
    CHECK ((role IN ('finance', 'committee', 'caseworker')) = (municipality_code IS NOT NULL));

-- A pool's question sets; each version is immutable once written.
CREATE TABLE question_sets (
    id BIGSERIAL PRIMARY KEY,
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
FOR EACH ROW EXECUTE FUNCTION tilskud_reject('a question set version is never edited; make a new version');

CREATE TABLE questionnaire_settings (
    pool_id BIGINT PRIMARY KEY REFERENCES pools (id) ON DELETE CASCADE,
    window_months INTEGER NOT NULL DEFAULT 1 CHECK (window_months BETWEEN 0 AND 6)
);

CREATE TABLE questionnaire_measurements (
    id BIGSERIAL PRIMARY KEY,
    pool_id BIGINT NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
    municipality_code INTEGER NOT NULL REFERENCES municipalities (code),
    person BYTEA NOT NULL CHECK (octet_length(person) = 32),
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
    municipality_code INTEGER PRIMARY KEY REFERENCES municipalities (code),
    person_set BIGINT NOT NULL,
    persons BIGINT NOT NULL CHECK (persons >= 0)
);

-- The monthly follow-up reminders run as a scheduled job (app::questionnaire::reminders).
INSERT INTO scheduled_jobs (name) VALUES ('questionnaire-reminders');
