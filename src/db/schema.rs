// Mirrors migrations/{sqlite,postgres}; `tests/app/schema.rs` checks both migration sets
// produce these columns.

diesel::table! {
    municipalities (code) {
        code -> Integer,
        name -> Text,
        region_code -> Integer,
        region_name -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        municipality_code -> Nullable<Integer>,
        active -> Bool,
        created_at -> Timestamp,
        email -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    kept_forms (id) {
        id -> Text,
        user_id -> BigInt,
        path -> Text,
        body -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Integer,
        window_start_ms -> BigInt,
        not_before_ms -> BigInt,
    }
}

diesel::table! {
    pools (id) {
        id -> BigInt,
        name -> Text,
        finance_account -> Text,
        amount_ore -> BigInt,
        period_start -> Date,
        period_end -> Date,
        application_deadline -> Timestamp,
        auditor_threshold_ore -> BigInt,
        target_group_note -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        admin_share_max_bp -> Nullable<Integer>,
        activity_months -> Integer,
        activity_threshold_percent -> Integer,
        activity_consecutive -> Bool,
    }
}

diesel::table! {
    pool_account_settings (pool_id) {
        pool_id -> BigInt,
        interim_before_rate -> Nullable<Integer>,
        interim_deadline_months -> Integer,
        tolerance_bp -> Integer,
        claim_due_days -> Integer,
        reminder_offsets -> Text,
    }
}

diesel::table! {
    pool_rates (pool_id, rate_no) {
        pool_id -> BigInt,
        rate_no -> Integer,
        share_bp -> Integer,
        earliest_date -> Nullable<Date>,
        finance_act_year -> Nullable<Integer>,
    }
}

diesel::table! {
    pool_rate_conditions (pool_id, rate_no, kind) {
        pool_id -> BigInt,
        rate_no -> Integer,
        kind -> Text,
        percent_bp -> Nullable<Integer>,
        months -> Nullable<Integer>,
    }
}

diesel::table! {
    target_groups (pool_id, municipality_code) {
        pool_id -> BigInt,
        municipality_code -> Integer,
        target_group -> BigInt,
        applied -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    allocations (id) {
        id -> BigInt,
        pool_id -> BigInt,
        version_no -> Integer,
        total_ore -> BigInt,
        reason -> Text,
        status -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        approved_by -> Nullable<BigInt>,
        approved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    allocation_lines (allocation_id, municipality_code) {
        allocation_id -> BigInt,
        municipality_code -> Integer,
        target_group -> BigInt,
        exact_quota -> Text,
        amount_ore -> BigInt,
        extra_krone -> Bool,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
        seq -> BigInt,
        hash_version -> Integer,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        seq -> BigInt,
        last_hash -> Text,
        data_version -> BigInt,
        session_epoch -> BigInt,
        last_seq -> BigInt,
    }
}

diesel::table! {
    applications (id) {
        id -> BigInt,
        pool_id -> BigInt,
        municipality_code -> Integer,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    application_versions (id) {
        id -> BigInt,
        application_id -> BigInt,
        version_no -> Integer,
        contact_name -> Text,
        contact_title -> Text,
        contact_email -> Text,
        contact_phone -> Text,
        difference_comment -> Text,
        obligations -> Text,
        budget_total_ore -> BigInt,
        submitted_at -> Nullable<Timestamp>,
        submitted_by -> Nullable<BigInt>,
        receipt_no -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    budget_lines (version_id, cost_item, year) {
        version_id -> BigInt,
        cost_item -> Text,
        year -> Integer,
        amount_ore -> BigInt,
        description -> Text,
    }
}

diesel::table! {
    application_events (id) {
        id -> BigInt,
        application_id -> BigInt,
        action -> Text,
        reason -> Text,
        actor_id -> BigInt,
        at -> Timestamp,
    }
}

diesel::table! {
    commitments (id) {
        id -> BigInt,
        application_id -> BigInt,
        version_id -> BigInt,
        pool_id -> BigInt,
        municipality_code -> Integer,
        amount_ore -> BigInt,
        period_start -> Date,
        period_end -> Date,
        account_deadline -> Date,
        reservation -> Text,
        letter_no -> Text,
        status -> Text,
        approved_by -> BigInt,
        approved_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    commitment_years (commitment_id, year) {
        commitment_id -> BigInt,
        year -> Integer,
        amount_ore -> BigInt,
    }
}

diesel::table! {
    commitment_rates (commitment_id, rate_no) {
        commitment_id -> BigInt,
        rate_no -> Integer,
        share_bp -> Integer,
        amount_ore -> BigInt,
        earliest_date -> Nullable<Date>,
        status -> Text,
        paid_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        settled_ore -> Nullable<BigInt>,
        finance_act_year -> Nullable<Integer>,
        cancelled_for -> Nullable<Text>,
        cancel_note -> Text,
    }
}

diesel::table! {
    commitment_rate_conditions (commitment_id, rate_no, kind) {
        commitment_id -> BigInt,
        rate_no -> Integer,
        kind -> Text,
        percent_bp -> Nullable<Integer>,
        months -> Nullable<Integer>,
    }
}

diesel::table! {
    finance_acts (year) {
        year -> Integer,
        passed_on -> Date,
        reference -> Text,
        registered_by -> BigInt,
        registered_at -> Timestamp,
    }
}

diesel::table! {
    rate_requests (id) {
        id -> BigInt,
        commitment_id -> BigInt,
        rate_no -> Integer,
        note -> Text,
        requested_by -> BigInt,
        requested_at -> Timestamp,
        status -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        refusal_reason -> Nullable<Text>,
    }
}

diesel::table! {
    rate_request_documents (request_id, sha256) {
        request_id -> BigInt,
        sha256 -> Text,
        file_name -> Text,
    }
}

diesel::table! {
    payout_batches (id) {
        id -> BigInt,
        pool_id -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        payout_count -> Integer,
        total_ore -> BigInt,
        csv -> Binary,
        xlsx -> Binary,
        paid_on -> Nullable<Date>,
        paid_by -> Nullable<BigInt>,
        paid_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    payouts (id) {
        id -> BigInt,
        commitment_id -> BigInt,
        rate_no -> Integer,
        request_id -> Nullable<BigInt>,
        amount_ore -> BigInt,
        payment_reference -> Text,
        evidence -> Text,
        status -> Text,
        prepared_by -> BigInt,
        prepared_at -> Timestamp,
        approved_by -> Nullable<BigInt>,
        approved_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
        batch_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    rate_overrides (id) {
        id -> BigInt,
        commitment_id -> BigInt,
        rate_no -> Integer,
        condition -> Text,
        reason -> Text,
        status -> Text,
        proposed_by -> BigInt,
        proposed_at -> Timestamp,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (user_id, idem_key) {
        user_id -> BigInt,
        idem_key -> Text,
        request_hash -> Text,
        status_code -> Integer,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        to_addr -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        claimed_at -> Nullable<Timestamp>,
        claim_token -> Nullable<Text>,
        related_entity -> Text,
        related_id -> Text,
    }
}

diesel::table! {
    monitoring_rows (municipality_code, month, upload_id, person) {
        municipality_code -> Integer,
        month -> Integer,
        person -> Binary,
        assessment_group -> SmallInt,
        job_broker -> Bool,
        company_offer -> Bool,
        ordinary_centihours -> Integer,
        outcome -> Text,
        upload_id -> BigInt,
    }
}

diesel::table! {
    monitoring_uploads (municipality_code, month) {
        municipality_code -> Integer,
        month -> Integer,
        row_count -> BigInt,
        uploaded_by -> Nullable<BigInt>,
        uploaded_at -> Timestamp,
        source -> Text,
        upload_id -> BigInt,
    }
}

diesel::table! {
    monitoring_month_counts (municipality_code, month) {
        municipality_code -> Integer,
        month -> Integer,
        persons -> BigInt,
        assessed -> BigInt,
        group1 -> BigInt,
        group2 -> BigInt,
        group3 -> BigInt,
        g1_job_broker -> BigInt,
        g1_company_offer -> BigInt,
        g1_ordinary_hours -> BigInt,
        g1_30_hours -> BigInt,
        g1_none_of_these -> BigInt,
        g1_outcome -> BigInt,
        g1_company_or_hours -> BigInt,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        commitment_id -> BigInt,
        kind -> Text,
        before_rate -> Nullable<Integer>,
        first_year -> Integer,
        last_year -> Integer,
        deadline -> Date,
        certification -> Text,
        grant_ore -> BigInt,
        threshold_ore -> BigInt,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    account_versions (id) {
        id -> BigInt,
        account_id -> BigInt,
        version_no -> Integer,
        signer_name -> Text,
        signer_title -> Text,
        audit_firm -> Text,
        signed_on -> Nullable<Date>,
        submitted_at -> Nullable<Timestamp>,
        submitted_by -> Nullable<BigInt>,
        receipt_no -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    account_lines (version_id, cost_item, year) {
        version_id -> BigInt,
        cost_item -> Text,
        year -> Integer,
        actual_ore -> BigInt,
        comment -> Text,
    }
}

diesel::table! {
    documents (sha256) {
        sha256 -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        bytes -> Binary,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    account_documents (version_id, purpose, sha256) {
        version_id -> BigInt,
        purpose -> Text,
        sha256 -> Text,
        filename -> Text,
    }
}

diesel::table! {
    account_reviews (id) {
        id -> BigInt,
        account_id -> BigInt,
        version_id -> BigInt,
        started_by -> BigInt,
        started_at -> Timestamp,
        figures_checked -> Bool,
        content_checked -> Bool,
        decision -> Nullable<Text>,
        reason -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_review_lines (review_id, cost_item, year) {
        review_id -> BigInt,
        cost_item -> Text,
        year -> Integer,
        ineligible_ore -> BigInt,
        reason -> Text,
    }
}

diesel::table! {
    settlements (account_id) {
        account_id -> BigInt,
        review_id -> BigInt,
        commitment_ore -> BigInt,
        paid_ore -> BigInt,
        actual_ore -> BigInt,
        ineligible_ore -> BigInt,
        eligible_ore -> BigInt,
        claim_ore -> BigInt,
        settled_at -> Timestamp,
    }
}

diesel::table! {
    repayment_claims (id) {
        id -> BigInt,
        account_id -> BigInt,
        claim_no -> Text,
        amount_ore -> BigInt,
        due_date -> Date,
        status -> Text,
        received_on -> Nullable<Date>,
        write_off_reason -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    monitoring_persons (municipality_code, person_set, person) {
        municipality_code -> Integer,
        person_set -> BigInt,
        person -> Binary,
        assessed -> Bool,
        first_month -> Nullable<Integer>,
        last_month -> Nullable<Integer>,
        months -> Nullable<BigInt>,
    }
}

diesel::table! {
    monitoring_totals (municipality_code) {
        municipality_code -> Integer,
        persons_seen -> BigInt,
        persons_assessed -> BigInt,
        person_set -> BigInt,
    }
}

diesel::table! {
    monitoring_imports (id) {
        id -> BigInt,
        started_at -> Timestamp,
        heartbeat_at -> Timestamp,
        source -> Text,
    }
}

diesel::table! {
    outbox_keys (dedup_key) {
        dedup_key -> Text,
        outbox_id -> BigInt,
    }
}

diesel::table! {
    scheduled_jobs (name) {
        name -> Text,
        done_on -> Nullable<Date>,
        claimed_until -> Nullable<Timestamp>,
        claim_token -> Nullable<Text>,
        last_run_at -> Nullable<Timestamp>,
        last_result -> Text,
    }
}

diesel::table! {
    question_sets (id) {
        id -> BigInt,
        pool_id -> BigInt,
        version -> Integer,
        definition -> Text,
        questions -> Integer,
        illustration -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    questionnaire_settings (pool_id) {
        pool_id -> BigInt,
        window_months -> Integer,
    }
}

diesel::table! {
    questionnaire_measurements (id) {
        id -> BigInt,
        pool_id -> BigInt,
        municipality_code -> Integer,
        person -> Binary,
        kind -> SmallInt,
        question_set_id -> BigInt,
        measured_on -> Date,
        exit_reason -> Nullable<SmallInt>,
        answers -> Text,
        source -> Text,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    questionnaire_group1 (municipality_code) {
        municipality_code -> Integer,
        person_set -> BigInt,
        persons -> BigInt,
    }
}

diesel::joinable!(users -> municipalities (municipality_code));
diesel::joinable!(applications -> pools (pool_id));
diesel::joinable!(applications -> municipalities (municipality_code));
diesel::joinable!(application_versions -> applications (application_id));
diesel::joinable!(budget_lines -> application_versions (version_id));
diesel::joinable!(commitment_years -> commitments (commitment_id));
diesel::joinable!(commitment_rates -> commitments (commitment_id));
diesel::joinable!(payouts -> payout_batches (batch_id));
diesel::joinable!(rate_request_documents -> rate_requests (request_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(pool_rates -> pools (pool_id));
diesel::joinable!(target_groups -> pools (pool_id));
diesel::joinable!(target_groups -> municipalities (municipality_code));
diesel::joinable!(allocations -> pools (pool_id));
diesel::joinable!(allocation_lines -> allocations (allocation_id));
diesel::joinable!(allocation_lines -> municipalities (municipality_code));
diesel::joinable!(pool_account_settings -> pools (pool_id));
diesel::joinable!(accounts -> commitments (commitment_id));
diesel::joinable!(account_versions -> accounts (account_id));
diesel::joinable!(account_lines -> account_versions (version_id));
diesel::joinable!(account_documents -> account_versions (version_id));
diesel::joinable!(account_documents -> documents (sha256));
diesel::joinable!(account_reviews -> accounts (account_id));
diesel::joinable!(account_review_lines -> account_reviews (review_id));
diesel::joinable!(question_sets -> pools (pool_id));
diesel::joinable!(questionnaire_measurements -> question_sets (question_set_id));

diesel::allow_tables_to_appear_in_same_query!(
    municipalities,
    users,
    sessions,
    kept_forms,
    login_throttle,
    pools,
    pool_rates,
    target_groups,
    allocations,
    allocation_lines,
    audit_log,
    audit_head,
    outbox,
    applications,
    application_versions,
    budget_lines,
    application_events,
    commitments,
    commitment_years,
    commitment_rates,
    monitoring_rows,
    monitoring_uploads,
    monitoring_month_counts,
    monitoring_persons,
    monitoring_totals,
    monitoring_imports,
    pool_account_settings,
    accounts,
    account_versions,
    account_lines,
    documents,
    account_documents,
    account_reviews,
    account_review_lines,
    settlements,
    repayment_claims,
    outbox_keys,
    scheduled_jobs,
    pool_rate_conditions,
    commitment_rate_conditions,
    finance_acts,
    rate_requests,
    rate_request_documents,
    payout_batches,
    payouts,
    rate_overrides,
    idempotency_keys,
    question_sets,
    questionnaire_settings,
    questionnaire_measurements,
    questionnaire_group1,
);
