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
        featured_url -> Nullable<Text>,
        hide_collections -> Bool,
        fields -> Jsonb,
        organisation -> Text,
        role_title -> Text,
        skills -> Text,
        website -> Text,
        followers_count -> Int8,
        following_count -> Int8,
        statuses_count -> Int8,
        last_status_at -> Nullable<Timestamptz>,
        deleted_at -> Nullable<Timestamptz>,
        moderators_url -> Nullable<Text>,
        posting_restricted -> Bool,
        theme_key -> Nullable<Text>,
        working_languages -> Array<Text>,
    }
}

diesel::table! {
    blocks (id) {
        id -> Int8,
        blocker_id -> Int8,
        blocked_id -> Int8,
        ap_id -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    deliveries (id) {
        id -> Int8,
        activity_id -> Int8,
        inbox_url -> Text,
        host -> Text,
        state -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        deadline -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    favourites (id) {
        id -> Int8,
        actor_id -> Int8,
        status_id -> Int8,
        ap_id -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    follows (id) {
        id -> Int8,
        follower_id -> Int8,
        followed_id -> Int8,
        state -> Text,
        ap_id -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    group_bans (group_id, actor_id) {
        group_id -> Int8,
        actor_id -> Int8,
        banned_by -> Nullable<Int8>,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_invitations (group_id, actor_id) {
        group_id -> Int8,
        actor_id -> Int8,
        invited_by -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_roles (group_id, actor_id) {
        group_id -> Int8,
        actor_id -> Int8,
        role -> Text,
        granted_by -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    groups (actor_id) {
        actor_id -> Int8,
        kind -> Text,
        theme_key -> Nullable<Text>,
        join_mode -> Text,
        listed -> Bool,
        parent_id -> Nullable<Int8>,
        names -> Jsonb,
        descriptions -> Jsonb,
        languages -> Array<Nullable<Text>>,
        hide_members -> Bool,
        posting_restricted -> Bool,
        retired_at -> Nullable<Timestamptz>,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Int8,
        key -> Text,
        status_id -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    attachments (id) {
        id -> Int8,
        proposal_id -> Nullable<Int8>,
        interest_id -> Nullable<Int8>,
        uploader_id -> Int8,
        key -> Nullable<Text>,
        remote_url -> Nullable<Text>,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        description -> Text,
        created_at -> Timestamptz,
        status_id -> Nullable<Int8>,
        position -> Int2,
        width -> Nullable<Int4>,
        height -> Nullable<Int4>,
        focus_x -> Nullable<Float4>,
        focus_y -> Nullable<Float4>,
    }
}

diesel::table! {
    actor_blocks (ap_id) {
        ap_id -> Text,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    instance_blocks (host) {
        host -> Text,
        severity -> Text,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    instance_links (host) {
        host -> Text,
        kind -> Text,
        actor_id -> Nullable<Int8>,
        outgoing -> Text,
        incoming -> Text,
        follow_ap_id -> Nullable<Text>,
        incoming_follow_ap_id -> Nullable<Text>,
        last_received_at -> Nullable<Timestamptz>,
        info -> Nullable<Jsonb>,
        info_fetched_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        relay_inbox -> Nullable<Text>,
    }
}

diesel::table! {
    instance_settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    linked_posts (status_id) {
        status_id -> Int8,
        host -> Text,
        received_at -> Timestamptz,
        theme_id -> Nullable<Int8>,
    }
}

diesel::table! {
    theme_mappings (host, remote_key) {
        host -> Text,
        remote_key -> Text,
        group_id -> Int8,
    }
}

diesel::table! {
    instances (host) {
        host -> Text,
        consecutive_failures -> Int4,
        paused_until -> Nullable<Timestamptz>,
        last_success_at -> Nullable<Timestamptz>,
        last_failure_at -> Nullable<Timestamptz>,
        software -> Nullable<Text>,
        created_at -> Timestamptz,
        http_signature -> Nullable<Text>,
        advertises_rfc9421 -> Bool,
    }
}

diesel::table! {
    interests (id) {
        id -> Int8,
        proposal_id -> Int8,
        sender_id -> Int8,
        ap_id -> Nullable<Text>,
        state -> Text,
        offer -> Text,
        about -> Text,
        questions -> Text,
        on_behalf_of -> Text,
        team_consent -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        decided_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    mentions (status_id, actor_id) {
        status_id -> Int8,
        actor_id -> Int8,
    }
}

diesel::table! {
    moderation_log (id) {
        id -> Int8,
        group_id -> Nullable<Int8>,
        moderator_id -> Nullable<Int8>,
        action -> Text,
        target_actor_id -> Nullable<Int8>,
        target_status_id -> Nullable<Int8>,
        reason -> Text,
        created_at -> Timestamptz,
        target_host -> Nullable<Text>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Int8,
        recipient_id -> Int8,
        from_actor_id -> Int8,
        kind -> Text,
        status_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
        group_id -> Nullable<Int8>,
        proposal_id -> Nullable<Int8>,
        interest_id -> Nullable<Int8>,
        emailed_at -> Nullable<Timestamptz>,
        warning_id -> Nullable<Int8>,
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
    outgoing_activities (id) {
        id -> Int8,
        ap_id -> Text,
        actor_id -> Int8,
        payload -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    poll_votes (id) {
        id -> Int8,
        status_id -> Int8,
        voter_id -> Int8,
        choice -> Int4,
        ap_id -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    polls (status_id) {
        status_id -> Int8,
        multiple -> Bool,
        options -> Array<Nullable<Text>>,
        counts -> Array<Nullable<Int8>>,
        voters_count -> Int8,
        expires_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
        update_due_at -> Nullable<Timestamptz>,
        update_sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    proposal_groups (proposal_id, group_id) {
        proposal_id -> Int8,
        group_id -> Int8,
    }
}

diesel::table! {
    proposals (id) {
        id -> Int8,
        author_id -> Int8,
        status_id -> Nullable<Int8>,
        local -> Bool,
        state -> Text,
        title -> Text,
        short_description -> Text,
        description -> Text,
        innovation -> Text,
        contribution -> Text,
        kind -> Text,
        stage -> Text,
        ip -> Text,
        languages -> Array<Nullable<Text>>,
        foreign_partners -> Bool,
        competences -> Array<Nullable<Text>>,
        expires_at -> Nullable<Timestamptz>,
        contact -> Text,
        facilitator_id -> Nullable<Int8>,
        review_note -> Text,
        results_status_id -> Nullable<Int8>,
        remote_team -> Array<Nullable<Text>>,
        team_group_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        submitted_at -> Nullable<Timestamptz>,
        published_at -> Nullable<Timestamptz>,
        closed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    received_activities (ap_id) {
        ap_id -> Text,
        received_at -> Timestamptz,
    }
}

diesel::table! {
    status_edits (id) {
        id -> Int8,
        status_id -> Int8,
        name -> Nullable<Text>,
        summary -> Text,
        content -> Text,
        sensitive -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    status_tags (status_id, tag) {
        status_id -> Int8,
        tag -> Text,
    }
}

diesel::table! {
    statuses (id) {
        id -> Int8,
        ap_id -> Text,
        url -> Nullable<Text>,
        actor_id -> Int8,
        local -> Bool,
        object_type -> Text,
        in_reply_to_id -> Nullable<Int8>,
        in_reply_to_ap_id -> Nullable<Text>,
        in_reply_to_actor_id -> Nullable<Int8>,
        reblog_of_id -> Nullable<Int8>,
        context -> Nullable<Text>,
        name -> Nullable<Text>,
        summary -> Text,
        content -> Text,
        source -> Text,
        language -> Nullable<Text>,
        visibility -> Text,
        sensitive -> Bool,
        replies_count -> Int8,
        reblogs_count -> Int8,
        favourites_count -> Int8,
        published_at -> Timestamptz,
        edited_at -> Nullable<Timestamptz>,
        deleted_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        group_id -> Nullable<Int8>,
        locked -> Bool,
        pinned_at -> Nullable<Timestamptz>,
        featured_at -> Nullable<Timestamptz>,
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
        email_notifications -> Text,
        unsubscribe_token -> Text,
        digest_sent_at -> Nullable<Timestamptz>,
        disabled -> Bool,
        silenced_at -> Nullable<Timestamptz>,
        sensitized_at -> Nullable<Timestamptz>,
        suspended_at -> Nullable<Timestamptz>,
        terms_accepted_at -> Nullable<Timestamptz>,
        matches_checked_at -> Nullable<Timestamptz>,
        followed_kinds -> Array<Text>,
        followed_stages -> Array<Text>,
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

diesel::table! {
    reports (id) {
        id -> Int8,
        ap_id -> Nullable<Text>,
        reporter_id -> Nullable<Int8>,
        target_account_id -> Int8,
        status_ids -> Array<Int8>,
        comment -> Text,
        category -> Text,
        forwarded -> Bool,
        snapshot -> Jsonb,
        assigned_account_id -> Nullable<Int8>,
        action_taken_by_account_id -> Nullable<Int8>,
        resolved_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        rule_ids -> Array<Int8>,
    }
}

diesel::table! {
    rules (id) {
        id -> Int8,
        position -> Int4,
        texts -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    account_warnings (id) {
        id -> Int8,
        target_account_id -> Int8,
        action -> Text,
        text -> Text,
        status_ids -> Array<Int8>,
        report_id -> Nullable<Int8>,
        created_by -> Nullable<Int8>,
        appeal_text -> Nullable<Text>,
        appeal_state -> Nullable<Text>,
        appealed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    account_exports (id) {
        id -> Int8,
        user_id -> Int8,
        state -> Text,
        file_key -> Nullable<Text>,
        size_bytes -> Int8,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    account_imports (id) {
        id -> Int8,
        user_id -> Int8,
        kind -> Text,
        mode -> Text,
        state -> Text,
        rows -> Jsonb,
        total -> Int4,
        imported -> Int4,
        failed -> Array<Text>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    bookmarks (id) {
        id -> Int8,
        actor_id -> Int8,
        status_id -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    mutes (id) {
        id -> Int8,
        actor_id -> Int8,
        target_id -> Int8,
        notifications -> Bool,
        expires_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    report_notes (id) {
        id -> Int8,
        report_id -> Int8,
        author_id -> Nullable<Int8>,
        text -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    competences (key) {
        key -> Text,
        labels -> Jsonb,
        merged_into -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    actor_competences (actor_id, competence) {
        actor_id -> Int8,
        competence -> Text,
    }
}

diesel::table! {
    proposal_dismissals (actor_id, proposal_id) {
        actor_id -> Int8,
        proposal_id -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(bookmarks -> statuses (status_id));
diesel::joinable!(deliveries -> outgoing_activities (activity_id));
diesel::joinable!(favourites -> actors (actor_id));
diesel::joinable!(favourites -> statuses (status_id));
diesel::joinable!(idempotency_keys -> statuses (status_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(attachments -> actors (uploader_id));
diesel::joinable!(instance_links -> actors (actor_id));
diesel::joinable!(linked_posts -> statuses (status_id));
diesel::joinable!(theme_mappings -> actors (group_id));
diesel::joinable!(attachments -> interests (interest_id));
diesel::joinable!(attachments -> proposals (proposal_id));
diesel::joinable!(attachments -> statuses (status_id));
diesel::joinable!(interests -> actors (sender_id));
diesel::joinable!(interests -> proposals (proposal_id));
diesel::joinable!(mentions -> actors (actor_id));
diesel::joinable!(mentions -> statuses (status_id));
diesel::joinable!(moderation_log -> statuses (target_status_id));
diesel::joinable!(notifications -> interests (interest_id));
diesel::joinable!(notifications -> proposals (proposal_id));
diesel::joinable!(notifications -> statuses (status_id));
diesel::joinable!(oauth_access_tokens -> oauth_applications (application_id));
diesel::joinable!(oauth_access_tokens -> users (user_id));
diesel::joinable!(oauth_authorization_codes -> oauth_applications (application_id));
diesel::joinable!(oauth_authorization_codes -> users (user_id));
diesel::joinable!(outgoing_activities -> actors (actor_id));
diesel::joinable!(poll_votes -> actors (voter_id));
diesel::joinable!(poll_votes -> polls (status_id));
diesel::joinable!(polls -> statuses (status_id));
diesel::joinable!(proposal_groups -> actors (group_id));
diesel::joinable!(proposal_groups -> proposals (proposal_id));
diesel::joinable!(status_edits -> statuses (status_id));
diesel::joinable!(status_tags -> statuses (status_id));
diesel::joinable!(users -> actors (actor_id));
diesel::joinable!(web_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    competences,
    actor_competences,
    proposal_dismissals,
    report_notes,
    account_exports,
    account_imports,
    bookmarks,
    mutes,
    actor_blocks,
    instance_blocks,
    instance_links,
    instance_settings,
    linked_posts,
    theme_mappings,
    attachments,
    actors,
    blocks,
    deliveries,
    favourites,
    follows,
    group_bans,
    group_invitations,
    group_roles,
    groups,
    idempotency_keys,
    instances,
    interests,
    mentions,
    moderation_log,
    notifications,
    oauth_access_tokens,
    oauth_applications,
    oauth_authorization_codes,
    outgoing_activities,
    poll_votes,
    polls,
    proposal_groups,
    proposals,
    received_activities,
    status_edits,
    status_tags,
    statuses,
    users,
    rules,
    account_warnings,
    web_sessions,
);
