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
    login_throttle (key) {
        key -> Text,
        failures -> Integer,
        window_start -> Timestamp,
        locked_until -> Nullable<Timestamp>,
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
    }
}

diesel::table! {
    pool_rates (pool_id, rate_no) {
        pool_id -> BigInt,
        rate_no -> Integer,
        share_bp -> Integer,
        earliest_date -> Nullable<Date>,
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
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        seq -> BigInt,
        last_hash -> Text,
    }
}

diesel::joinable!(users -> municipalities (municipality_code));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(pool_rates -> pools (pool_id));
diesel::joinable!(target_groups -> pools (pool_id));
diesel::joinable!(target_groups -> municipalities (municipality_code));
diesel::joinable!(allocations -> pools (pool_id));
diesel::joinable!(allocation_lines -> allocations (allocation_id));
diesel::joinable!(allocation_lines -> municipalities (municipality_code));

diesel::allow_tables_to_appear_in_same_query!(
    municipalities,
    users,
    sessions,
    login_throttle,
    pools,
    pool_rates,
    target_groups,
    allocations,
    allocation_lines,
    audit_log,
    audit_head,
);
