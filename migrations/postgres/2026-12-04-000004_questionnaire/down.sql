DELETE FROM scheduled_jobs WHERE name = 'questionnaire-reminders';
DROP TABLE questionnaire_group1;
DROP TABLE questionnaire_measurements;
DROP TABLE questionnaire_settings;
DROP TABLE question_sets;
DELETE FROM users WHERE role = 'caseworker';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('officer', 'finance', 'committee', 'admin'));
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_check
    CHECK ((role IN ('finance', 'committee')) = (municipality_code IS NOT NULL));
