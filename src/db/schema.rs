// @generated automatically by Diesel CLI.

diesel::table! {
    actors (id) {
        id -> Int8,
        actor_type -> Text,
        username -> Text,
        domain -> Nullable<Text>,
        display_name -> Text,
        summary -> Text,
        summary_source -> Text,
        ap_id -> Text,
        url -> Nullable<Text>,
        inbox_url -> Text,
        shared_inbox_url -> Nullable<Text>,
        outbox_url -> Nullable<Text>,
        followers_url -> Nullable<Text>,
        following_url -> Nullable<Text>,
        public_key_id -> Text,
        public_key_pem -> Text,
        private_key_pem -> Nullable<Text>,
        manually_approves_followers -> Bool,
        discoverable -> Bool,
        avatar_url -> Nullable<Text>,
        header_url -> Nullable<Text>,
        published_at -> Timestamptz,
        fetched_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    oauth_access_tokens (id) {
        id -> Int8,
        token_hash -> Text,
        refresh_token_hash -> Nullable<Text>,
        application_id -> Int8,
        user_id -> Nullable<Int8>,
        scopes -> Text,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    oauth_applications (id) {
        id -> Int8,
        name -> Text,
        website -> Nullable<Text>,
        redirect_uris -> Text,
        scopes -> Text,
        client_id -> Text,
        client_secret_hash -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    oauth_authorization_codes (code_hash) {
        code_hash -> Text,
        application_id -> Int8,
        user_id -> Int8,
        scopes -> Text,
        redirect_uri -> Text,
        code_challenge -> Nullable<Text>,
        code_challenge_method -> Nullable<Text>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        actor_id -> Int8,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        approval -> Text,
        sign_up_reason -> Text,
        locale -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        last_sign_in_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    web_sessions (token_hash) {
        token_hash -> Text,
        user_id -> Int8,
        user_agent -> Text,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::joinable!(oauth_access_tokens -> oauth_applications (application_id));
diesel::joinable!(oauth_access_tokens -> users (user_id));
diesel::joinable!(oauth_authorization_codes -> oauth_applications (application_id));
diesel::joinable!(oauth_authorization_codes -> users (user_id));
diesel::joinable!(users -> actors (actor_id));
diesel::joinable!(web_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    actors,
    oauth_access_tokens,
    oauth_applications,
    oauth_authorization_codes,
    users,
    web_sessions,
);
