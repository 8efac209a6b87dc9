DELETE FROM scheduled_jobs WHERE name = 'questionnaire-reminders';
DROP TABLE questionnaire_group1;
DROP TABLE questionnaire_measurements;
DROP TABLE questionnaire_settings;
DROP TABLE question_sets;
