-- A form posted after the user's session had expired, kept for that user so that it can
-- be sent again after they log in (src/app/kept_forms.rs). Rows live for hours at most:
-- each new one removes those past their time, and taking one deletes it.
CREATE TABLE kept_forms (
    id TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    path TEXT NOT NULL,
    body BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX kept_forms_created_at ON kept_forms (created_at);
