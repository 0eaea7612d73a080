# Fucina, English. Every message here must also exist in it/main.ftl.

## Layout
nav-skip = Skip to content
nav-label = Main
nav-home = Home
nav-settings = Settings
nav-admin = Administration
nav-logout = Log out
nav-login = Log in
nav-signup = Sign up
nav-language = Language
nav-back-home = Back to the home page
footer-powered = Powered by Fucina, free software for open innovation

## Home
home-title = Home
home-welcome-back = Welcome back, { $name }
home-member-intro = Your themes, proposals and the people you follow will appear here.
home-your-handle = Others find you on the fediverse as
home-what-is-fucina = Researchers, engineers, founders and public officers meet here by theme, launch collaborative project proposals, express interest in joining them and form teams — with people on this instance, on linked instances and anywhere on the fediverse.
home-registrations-closed = New accounts are created by the administrators of this instance.
home-how-title = How it works
home-how-themes = Follow the themes you care about and discuss shared challenges.
home-how-proposals = Publish a collaborative project proposal, checked by a facilitator.
home-how-interests = Express interest in someone's proposal: only they and their facilitators see it.
home-how-federation = Follow and be followed from Mastodon and other fediverse servers.
home-stats-users = { $count ->
    [one] One innovator has joined so far.
   *[other] { $count } innovators have joined so far.
}

## Forms
field-username = Username
field-email = E-mail address
field-password = Password
field-login = Username or e-mail address
field-reason = Why do you want to join?
field-display-name = Display name
field-note = About you
field-language = Language
field-current-password = Current password
field-new-password = New password

## Sign-up and login
signup-title = Create an account
signup-submit = Sign up
signup-have-account = Already have an account?
signup-username-help = Letters, digits and underscores, up to 30 characters. Your address will be @name@{ $domain }.
signup-password-help = At least { $min } characters.
signup-approval-notice = On this instance an administrator approves each new account. You can log in once yours is approved.
login-title = Log in
login-submit = Log in
login-no-account = No account yet?
login-forgot = Forgot your password?
password-reset-title = Reset your password
password-reset-intro = Write the e-mail address of your account: we will send you a link to choose a new password.
password-reset-submit = Send me the link
password-reset-sent = If an account has that address, a link to choose a new password is on its way. It works for an hour, once.
password-reset-back = Back to log in
password-reset-new-title = Choose a new password
password-reset-new-submit = Save the new password
password-reset-mail-body = Someone (we hope you) asked to reset your password. Follow this link within { $minutes } minutes to choose a new one:
password-reset-mail-button = Choose a new password
password-reset-mail-ignore = If it was not you, ignore this message: your password stays as it is.

## Flash messages
flash-welcome = Welcome! Your account is ready.
flash-signup-pending = Thank you! An administrator will review your sign-up; you can log in once it is approved.
flash-logged-out = You have logged out.
flash-profile-saved = Your profile has been saved.
flash-password-changed = Your password has been changed. Your other sessions have been ended.
flash-password-reset = Your new password is set, and every session and app has been signed out. Log in with the new password.
flash-app-revoked = The application's access has been revoked.
flash-account-approved = The account has been approved.
flash-account-rejected = The sign-up has been rejected.

## Settings
settings-title = Settings
settings-profile = Profile
settings-password = Password
settings-apps = Authorised applications
settings-save = Save
settings-language-browser = As my browser prefers
settings-password-submit = Change password
settings-apps-intro = These applications can use your account through the API. Revoke any you no longer use.
settings-apps-none = No application can use your account.
settings-apps-scopes = Permissions:
settings-apps-authorized = Authorised on { $date }
settings-apps-last-used = last used on { $date }
settings-apps-revoke = Revoke { $name }

## OAuth
oauth-title = Authorise an application
oauth-heading = { $app } wants to use your account
oauth-login-first = Log in to decide whether to allow it.
oauth-will-allow = If you allow it, it will be able to:
oauth-approve = Allow
oauth-deny = Deny
oauth-code-heading = Authorisation code
oauth-code-body = Copy this code and paste it into { $app }.
oauth-denied-heading = Access denied
oauth-denied-body = The application was not given access to your account.
scope-read = read all your account's data
scope-write = change all your account's data and post on your behalf
scope-follow = follow, unfollow and block accounts
scope-push = receive push notifications
scope-profile = read only your basic profile
scope-admin = use the administration API
scope-read-part = read this part of your account's data
scope-write-part = change this part of your account's data
scope-other = a permission of its own

## Administration
admin-accounts-title = Accounts
admin-pending-title = Sign-ups awaiting approval
admin-pending-none = No sign-up is waiting.
admin-all-title = All accounts
admin-role = Role
admin-state = State
admin-approve = Approve { $name }
admin-reject = Reject { $name }
role-user = Member
role-moderator = Moderator
role-admin = Administrator
approval-pending = Awaiting approval
approval-approved = Active
approval-rejected = Rejected

## Error pages
error-page-not-found = Page not found
error-page-forbidden = Not allowed
error-page-unauthorized = Please log in
error-page-rate-limited = Too many attempts
error-page-server = Something went wrong
error-page-bad-request = This request cannot be handled

## Errors
error-not-found = Record not found
error-internal = An unexpected error happened on our side. It has been logged; please try again later.
error-validation = Some values are not valid.
error-too-large = The request is too large.
error-rate-limited = Too many attempts. Please wait a few minutes and try again.
error-mail-unavailable = The e-mail could not be sent just now. Please try again in a few minutes.
error-form-invalid = The form could not be read. Please try again.
error-csrf = The form has expired or did not come from this site. Please reload the page and try again.
error-body-invalid = The request body could not be read.
error-query-invalid = The query string could not be read.
error-json-invalid = The request body is not a valid JSON object.
error-params-invalid = Some parameters are not valid: { $detail }
error-language-unknown = This language is not available.
error-admins-only = Only administrators can open this page.
error-username-blank = Choose a username.
error-username-too-long = A username can have at most 30 characters.
error-username-characters = A username can contain only letters a–z, digits and underscores.
error-username-reserved = This username is reserved. Please choose another.
error-username-taken = This username is already taken.
error-email-blank = Enter your e-mail address.
error-email-invalid = This does not look like an e-mail address.
error-email-taken = An account with this e-mail address already exists.
error-password-too-short = The password must have at least { $min } characters.
error-password-too-long = The password can have at most { $max } characters.
error-current-password-wrong = The current password is not correct.
error-reason-too-long = The reason can have at most 1,000 characters.
error-display-name-too-long = The display name can have at most 100 characters.
error-display-name-invalid = The display name contains characters that are not allowed.
error-note-too-long = The presentation can have at most 2,000 characters.
error-registration-closed = Sign-ups are closed on this instance.
error-agreement-required = You must accept the terms to sign up.
error-login-invalid = Invalid username, e-mail address or password.
error-account-pending = Your account is awaiting approval by an administrator.
error-account-rejected = Your sign-up was not approved.
error-token-missing = The access token is missing.
error-token-invalid = The access token is invalid.
error-token-needs-user = This action needs a user's access token, not an application's.
error-scope-missing = This action is outside the authorised scopes.
error-app-name-blank = The application needs a name.
error-app-name-too-long = The application's name can have at most 100 characters.
error-redirect-uri-blank = Give at least one redirect URI.
error-redirect-uri-invalid = A redirect URI must be an absolute URI without a fragment, or urn:ietf:wg:oauth:2.0:oob.
error-scope-unknown = Unknown scope: { $scope }
error-website-invalid = The website must be a URL.
error-oauth-unknown-client = The application is unknown. It may have been removed.
error-oauth-client-auth = Client authentication failed.
error-oauth-redirect-uri-missing = The redirect URI is missing.
error-oauth-redirect-uri-mismatch = The redirect URI is not one the application registered.
error-oauth-response-type = Only the "code" response type is supported.
error-oauth-scope = The requested scope is invalid, unknown, or more than the application registered.
error-oauth-pkce-method = The PKCE method must be S256 or plain.
error-oauth-pkce-failed = The PKCE code verifier does not match the challenge.
error-oauth-code-missing = The authorization code is missing.
error-oauth-code-invalid = The authorization code is invalid, expired or already used.
error-oauth-credentials-missing = A username and a password are required.
error-oauth-refresh-missing = The refresh token is missing.
error-oauth-refresh-invalid = The refresh token is invalid or already used.
error-oauth-grant-missing = The grant type is missing.
error-oauth-grant-unsupported = This grant type is not supported.
error-remote-unreachable = The other server could not be reached, or did not answer as expected.
error-remote-refused = That address cannot be used: { $reason }

## Profile fields, as other servers show them
profile-field-organisation = Organisation
profile-field-role = Role
profile-field-skills = Skills
profile-field-website = Website

## Federation and posts
error-gone = This has been deleted.
error-signature = The HTTP signature could not be verified: { $reason }
error-signature-required = This server only answers signed requests from other servers.
error-signature-host = The request was signed for another server.
error-signer-not-actor = The request was signed by someone other than the activity's actor.
error-activity-malformed = The activity is not valid JSON, or lacks a required property.
error-activity-origin = The activity or its object does not come from its actor's server.
error-activity-not-yours = The activity changes something that does not belong to its actor.
error-webfinger-resource = The resource must be acct:name@domain or an actor's URL.
error-follow-self = You cannot follow yourself.
error-block-self = You cannot block yourself.
error-blocked = This account is blocked, or blocks you.
error-boost-private = Followers-only and direct posts cannot be boosted.
error-status-blank = Write something first.
error-status-too-long = A post can have at most { $max } characters.
error-spoiler-too-long = The content warning can have at most 500 characters.
error-title-too-long = The title can have at most 200 characters.
error-field-too-long = This can have at most { $max } characters.
error-visibility-unknown = The visibility must be public, unlisted, private or direct.

## Timelines and posts
timeline-nav = Timelines
timeline-home = Home
timeline-local = This instance
timeline-remote = Other servers
timeline-empty = Nothing here yet.
timeline-older = Older posts
nav-notifications = Notifications
nav-search = Search
compose-label = What are you working on?
compose-reply-label = Your reply
compose-title = Title (optional)
compose-title-help = A title makes the post a discussion that others can find by its title.
compose-more = Content warning
compose-picture = Picture
compose-picture-description = Description of the picture
compose-picture-help = PNG, JPEG, GIF or WebP. The description is read aloud to those who cannot see the picture.
compose-spoiler = Warning shown before the text
compose-visibility = Who can see it
compose-submit = Publish
visibility-public = Public
visibility-unlisted = Unlisted
visibility-private = Followers only
visibility-direct = Mentioned people only
status-boosted-by = Boosted by { $name }
status-edited = edited
status-media-remote = Media on its own server
status-media-remote-described = Media on its own server: { $description }
status-in-reply = In reply to an earlier post
status-replies = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
status-reply = Reply
status-favourite = Favourite ({ $count })
status-unfavourite = Remove favourite ({ $count })
status-favourites = { $count ->
    [one] 1 favourite
   *[other] { $count } favourites
}
status-reblog = Boost ({ $count })
status-unreblog = Undo boost ({ $count })
status-reblogs = { $count ->
    [one] 1 boost
   *[other] { $count } boosts
}
status-delete = Delete
thread-heading = Post by { $name }
thread-replies = Replies
flash-status-deleted = The post has been deleted.

## Profiles
profile-locked = approves followers
profile-group = group
profile-posts = { $count ->
    [one] 1 post
   *[other] { $count } posts
}
profile-followers = { $count ->
    [one] 1 follower
   *[other] { $count } followers
}
profile-following = { $count } following
profile-original = See the original profile
profile-follows-you = Follows you
profile-follow = Follow
profile-unfollow = Unfollow
profile-cancel-request = Withdraw request
profile-block = Block
profile-unblock = Unblock
profile-edit = Edit profile
profile-follow-from-server = Your address on another server
profile-your-handle-placeholder = you@your.server
profile-recent-posts = Posts

## Follow requests and notifications
requests-title = Follow requests
requests-none = No one is waiting.
requests-accept = Accept { $name }
requests-reject = Decline { $name }
notifications-none = No notifications yet.
notifications-requests = { $count ->
    [one] One follow request is waiting for you.
   *[other] { $count } follow requests are waiting for you.
}
notification-follow = followed you
notification-follow-request = asked to follow you
notification-mention = mentioned you
notification-reblog = boosted your post
notification-favourite = favourited your post
notification-update = edited a post you interacted with
notification-other = did something that concerns you

## Search and remote follow
search-title = Search
search-label = Words, a name, an address such as @name@server, or a link
search-help = Any word of a proposal, a post, a profile or a group, in Italian or English. Signed in, addresses and links on other servers are looked up there.
search-submit = Search
search-accounts = People
search-not-found = Nothing was found.
remote-follow-title = Follow from your server
remote-follow-heading = Follow { $acct } from your server
remote-follow-intro = Write your address on your own server (Mastodon or any other fediverse server); we will send you there to confirm.
remote-follow-submit = Continue on my server
remote-follow-failed = Your server could not be found, or it does not offer following from elsewhere.
field-organisation = Organisation
field-role = Role
field-skills = Skills (comma-separated)
field-website = Website
field-locked = Approve followers by hand
field-discoverable = List me in directories and suggest me for proposals
field-discoverable-help = People here and on linked instances can then find you by what you know, and authors of proposals can invite you.
field-hide-collections = Hide the lists of my followers and of the accounts I follow

## Administration: federation
admin-federation-title = Federation
admin-queue-title = Delivery queue
admin-queue-pending = Deliveries waiting
admin-queue-due = Due now
admin-queue-dead = Given up (kept for a week)
admin-queue-paused = Servers paused
admin-queue-oldest = Oldest waiting since
admin-instances-title = Servers with failures or waiting deliveries
admin-instances-none = Every server answers.
admin-instance-host = Server
admin-instance-failures = Failures in a row
admin-instance-pending = Waiting
admin-instance-paused-until = Paused until
admin-instance-last-success = Last delivery
admin-never = never

## Themes (the eight default ones)
theme-aerospace-name = Aerospace
theme-aerospace-description = Aircraft, satellites, drones and the space economy: design, materials, testing and services.
theme-agrifood-name = Agrifood
theme-agrifood-description = From field to table: precision farming, food processing, traceability and food safety.
theme-eco-industries-name = Eco-industries
theme-eco-industries-description = Energy, water, waste and materials: clean technologies and the circular economy.
theme-creative-industries-name = Creative industries
theme-creative-industries-description = Culture, design, media, games and the technologies that serve them.
theme-health-name = Health
theme-health-description = Life sciences, medical devices, digital health and care that reaches people where they live.
theme-advanced-manufacturing-name = Advanced manufacturing
theme-advanced-manufacturing-description = Mechatronics, robotics, additive manufacturing and the connected factory.
theme-sustainable-mobility-name = Sustainable mobility
theme-sustainable-mobility-description = Vehicles, logistics and transport that move people and goods with less energy.
theme-smart-communities-name = Smart communities
theme-smart-communities-description = Public services, inclusion, smart cities and the data that help places work better.

## Groups: errors
error-join-mode = Choose how people join: open, by approval, or by invitation.
error-group-parent = That parent theme or community does not exist here.
error-group-not-allowed = Only the group's managers and moderators can do that.
error-group-retired = This theme has been retired: it takes no new members or posts.
error-group-banned = You have been banned from this group.
error-group-invitation-only = This group is by invitation only.
error-group-not-member = That account is not a member of the group.
error-group-ban-staff = Managers and moderators cannot be banned: dismiss them first.
error-group-not-in-group = That post is not in a theme or community.
error-group-thread-only = Only the first post of a thread can be locked or pinned.
error-group-locked = This thread is locked: it takes no new replies.
error-group-members-only = Only members can post in this group.
error-group-news-staff = Only the group's managers and moderators can publish news or start threads here.
error-group-name-length = The name must have between 3 and 30 characters.
error-group-title-blank = Give the group a name people can read.

## Groups: pages
groups-title = Themes and communities
groups-intro = Themes gather everyone working on a field; communities are smaller groups anyone can start. Join them to see their discussions at home and to post in them.
groups-themes = Themes
groups-communities = Communities
groups-elsewhere = Groups on other servers followed from here
groups-none = None yet.
groups-create = Create a community
group-kind-theme = Theme
group-kind-community = Community
group-kind-remote = Group on another server
group-join-open = Anyone can join
group-join-approval = Joining needs approval
group-join-invitation = By invitation only
group-members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
group-join = Join
group-leave = Leave
group-cancel-request = Withdraw request
group-manage = Manage
group-manage-of = Manage { $name }
group-members = Members
group-members-of = Members of { $name }
group-members-none = No other members yet.
group-staff = Managers and moderators
group-role-manager = manager
group-role-moderator = moderator
group-back = Back to the group
group-sections = Sections of the group
group-discussions = Discussions
group-news = News
group-language-filter = Language
group-language-all = All languages
group-language-apply = Show
group-requests = Requests to join
group-invitations = Invitations
group-invite-handle = Invite by handle
group-invite = Invite
group-appoint-handle = Member's handle
group-appoint-role = Role
group-appoint = Appoint
group-dismiss = Make a plain member
group-bans = Banned accounts
group-ban-handle = Handle to ban
group-ban-reason = Reason (shown in the log)
group-ban = Ban
group-unban = Lift the ban
group-settings = Settings
group-settings-language-help = The name and description you write here are the ones shown to readers of your language; other languages keep theirs.
group-field-name = Handle
group-field-name-help = 3 to 30 letters, digits or underscores: the community will be @handle on this server. It cannot be changed later.
group-field-title = Name
group-field-description = Description
group-field-join-mode = Who can join
group-field-join-mode-help = Communities by invitation keep their posts and members to themselves.
group-field-parent = Theme it belongs to
group-field-parent-none = None
group-field-languages = Languages spoken
group-field-listed = List it in the directory
group-field-hide-members = Show the members to members only
group-field-posting-restricted = Only managers and moderators start threads
group-log = Moderation log
group-log-empty = Nothing yet.
group-log-when = When
group-log-who = Who
group-log-what = What
group-log-whom = About
group-log-reason = Reason
group-log-create = created the group
group-log-edit = changed the settings
group-log-invite = invited
group-log-ban = banned
group-log-unban = lifted the ban on
group-log-approve-member = accepted
group-log-reject-member = refused
group-log-role-manager = made a manager
group-log-role-moderator = made a moderator
group-log-role-member = made a plain member
group-log-remove = removed a post by
group-log-lock = locked a thread by
group-log-unlock = reopened a thread by
group-log-pin = pinned a post by
group-log-unpin = unpinned a post by
group-log-retire = retired the theme
group-log-restore = brought the theme back
compose-news-help = This will be published as news of the group.
status-pinned = Pinned
status-locked = Locked
status-remove = Remove
status-lock = Lock
status-unlock = Unlock
status-pin = Pin
status-unpin = Unpin
flash-group-created = Your community is ready. Invite people, or wait for them to join.
flash-group-saved = Saved.
flash-group-invited = Invitation sent.
error-group-account-unknown = No account with that handle could be found.
error-group-handle-needed = Write the handle of the account, such as @name@server.
error-group-members-hidden = This group shows its members to its members only.
notification-group-invitation = invited you to join
notification-group-request = asks to join
nav-themes = Themes
signup-themes = Themes you work on
signup-themes-help = You will join them at once and see their discussions at home. You can join or leave any theme later.
admin-themes-title = Themes
admin-themes-help = Themes are the instance's main groups. Rename or translate them here; a retired theme keeps its posts and members but takes no new ones and leaves the directory.
admin-theme-retired = retired
admin-theme-retire = Retire
admin-theme-restore = Bring back
admin-theme-add = Add a theme
error-moderation-action = Choose remove, lock, unlock, pin or unpin.

## Proposals and expressions of interest
nav-proposals = Proposals
role-facilitator = Facilitator
yes = Yes
no = No
form-has-errors = Some fields need attention: see the messages below them.
error-field-blank = This field is required.
error-marker-id = Not the id of a post or notification.
error-pin-not-own = Only your own posts can be pinned to your profile.
error-pin-visibility = Boosts and direct messages cannot be pinned.
error-pin-limit = You can pin at most five posts: unpin one first.
error-field-choice = Choose one of the options.
error-proposal-language = Languages are two- or three-letter codes, such as it, en, sl.
error-proposal-competences = At most { $max } competences.
error-proposal-expiry-past = The expiry date must be in the future.
error-proposal-expiry-format = Write the date as YYYY-MM-DD.
error-proposal-groups = Choose at least one theme or community you may post in.
error-proposal-not-draft = Only a draft can be changed or submitted.
error-proposal-facilitators-only = Only facilitators can do that.
error-proposal-not-submitted = This proposal is not waiting for a facilitator.
error-proposal-reason-blank = Tell the author why, so they can fix it.
error-proposal-not-open = This proposal is not open.
error-proposal-not-published = This proposal is not published, or its results are already out.
error-proposal-team-exists = The team already has its community.
error-proposal-team-empty = Accept at least one expression of interest first.
error-interest-own = You cannot express interest in your own proposal.
error-interest-not-open = This proposal is not open to expressions of interest: it is closed or past its expiry date.
error-interest-duplicate = You have already expressed interest in this proposal.
error-interest-not-draft = This expression of interest has been sent already.
error-interest-author-only = Only the proposal's author decides on expressions of interest.
error-interest-not-pending = This expression of interest has already been decided or withdrawn.
error-interest-sender-only = Only its sender can withdraw an expression of interest.
proposals-title = Proposals
proposals-sections = Proposal sections
proposals-mine = My proposals
proposals-queue = Facilitators' queue
proposals-new = New proposal
proposals-filters = Filter proposals
proposals-filter-any = Any
proposals-filter-instance = Instance
proposals-filter-instance-placeholder = local, or a domain
proposals-filter-apply = Filter
proposals-none = No proposals match.
proposals-mine-none = You have no proposals yet.
proposals-queue-none = No proposal is waiting for a facilitator.
proposal-editor = Proposal
proposal-choose = Choose…
proposal-by = By
proposal-original = See it on its instance
proposal-expires-on = expires { $date }
proposal-review-note = A facilitator sent this proposal back:
proposal-field-title = Title
proposal-field-short-description = Short description
proposal-help-short-description = At most 400 characters: what others see in lists and on Mastodon.
proposal-field-description = Full description
proposal-help-description = What the proposal is about, and what you look for.
proposal-field-innovation = Innovative aspects and advantages
proposal-help-innovation = What is new, and why it is better.
proposal-field-contribution = Expected contribution from partners
proposal-help-contribution = What partners would bring.
proposal-field-kind = Kind
proposal-field-stage = Development stage
proposal-field-ip = Intellectual property
proposal-field-state = Status
proposal-field-groups = Themes and communities
proposal-field-competences = Sought competences
proposal-help-competences = Separated by commas, such as agronomy, computer vision.
proposal-field-languages = Working languages
proposal-help-languages = Language codes separated by commas, such as it, en.
proposal-field-foreign-partners = Open to foreign partners
proposal-field-expires = Expiry date
proposal-field-contact = Contact person
proposal-save-draft = Save draft
proposal-submit = Submit
proposal-edit = Edit
proposal-publish = Publish
proposal-close = Close
proposal-send-back = Send back to the author
proposal-send-back-reason = Why (the author reads this)
proposal-team = Team
proposal-team-community = The team's community
proposal-team-form = Turn the team into a community
proposal-team-form-help = An invitation-only community that you manage; everyone you accepted is invited, on any instance.
proposal-results = Results
proposal-results-publish = Publish the results
proposal-results-title-field = Title (optional)
proposal-results-text = The results report
proposal-results-title = Results: { $title }
proposal-kind-technology-offer = Technology offer
proposal-kind-technology-request = Technology request
proposal-kind-business-offer = Business offer
proposal-kind-business-request = Business request
proposal-kind-rd-cooperation = Research & development cooperation
proposal-kind-research = Research
proposal-kind-technical-collaboration = Technical collaboration
proposal-kind-licence-agreement = Licence agreement
proposal-kind-joint-venture = Joint venture
proposal-kind-subcontracting = Subcontracting
proposal-stage-idea = Idea
proposal-stage-lab-tested = Tested in the lab
proposal-stage-demonstrable = Demonstrable
proposal-stage-on-market = On the market
proposal-ip-secret = Secret
proposal-ip-patent-pending = Patent pending
proposal-ip-patent-granted = Patent granted
proposal-ip-none = No protection
proposal-state-draft = Draft
proposal-state-submitted = Awaiting a facilitator
proposal-state-open = Open
proposal-state-closed = Closed
proposal-state-expired = Expired
proposal-state-completed = Completed
interests-mine = My interests
interests-none = You have not expressed interest in any proposal yet.
interests-private = Only the sender, the proposal's author and their facilitators ever see an expression of interest.
interests-received = Expressions of interest received
interests-received-none = None yet.
interest-yours = Your expression of interest
interest-express = Express interest
interest-field-offer = What I offer
interest-field-about = About me or my organisation
interest-field-questions = Questions for the author
interest-field-on-behalf-of = On behalf of
interest-field-team-consent = If accepted, list me in the team on the proposal
interest-save-draft = Save as draft
interest-send = Send
interest-withdraw = Withdraw
interest-accept = Accept
interest-decline = Decline
interest-state-draft = Draft
interest-state-sent = Sent
interest-state-in-review = In review
interest-state-accepted = Accepted
interest-state-declined = Declined
interest-state-withdrawn = Withdrawn
flash-proposal-saved = Your draft is saved.
flash-proposal-submitted = Submitted: a facilitator will review it.
flash-proposal-published = Published.
flash-proposal-sent-back = Sent back to the author.
flash-proposal-closed = The proposal is closed.
flash-proposal-completed = The results are published; the proposal is completed.
flash-proposal-team = The team's community is ready and its members are invited.
flash-interest-saved = Your expression of interest is saved as a draft.
flash-interest-sent = Your expression of interest is sent.
flash-interest-accepted = Accepted: they are in the team.
flash-interest-declined = Declined.
flash-interest-withdrawn = Withdrawn.
notification-proposal-submitted = submitted a proposal for review
notification-proposal-published = published your proposal
notification-proposal-sent-back = sent your proposal back
notification-proposal-new = published a proposal in your themes
notification-proposal-completed = published the results of
notification-proposal-expired = — the proposal has expired:
notification-interest-received = expressed interest in
notification-interest-accepted = accepted your interest in
notification-interest-declined = declined your interest in
notification-interest-withdrawn = withdrew their interest in
admin-role-change = Change
error-role-unknown = Unknown role: choose user, facilitator, moderator or administrator.
flash-role-changed = The role is changed.

## Consultations (polls)
compose-poll = Consultation
compose-poll-options = Options, one per line
compose-poll-help = Two to ten options. Leave empty for a post without a poll.
compose-poll-duration = Runs for
compose-poll-hours = { $count ->
    [one] one hour
   *[other] { $count } hours
}
compose-poll-days = { $count ->
    [one] one day
   *[other] { $count } days
}
compose-poll-multiple = Several answers allowed
poll-choose-one = Choose one answer
poll-choose-many = Choose one or more answers
poll-vote = Vote
poll-votes = { $count ->
    [one] one vote
   *[other] { $count } votes
}
poll-voters = { $count ->
    [one] one person voted
   *[other] { $count } people voted
}
poll-ends = ends { $date }
poll-closed = closed
poll-your-choice = your choice
poll-results-later = Results are shown after you vote, or when the consultation ends.
flash-poll-voted = Your vote is counted.
error-poll-options = A consultation has two to { $max } options, none of them empty.
error-poll-duplicate-option = Each option must be different.
error-poll-duration = A consultation runs from five minutes to a month.
error-poll-expired = This consultation has ended.
error-poll-choice = Choose one of the options (only one, unless several are allowed).
error-poll-already-voted = You have already voted in this consultation.
error-poll-refused = Your vote was not counted: { $reason }

## E-mail
settings-notifications = E-mail notifications
email-preference = E-mail me about notifications
email-preference-help = Follows, mentions, invitations, new proposals in your themes, expressions of interest and their outcomes. Favourites and boosts stay in the app.
email-preference-off = Never
email-preference-immediate = At once
email-preference-daily = In a daily digest
email-preference-weekly = In a weekly digest
flash-email-preference-saved = Your e-mail preference is saved.
email-greeting = Hello { $name },
email-subject = { $instance }: { $what }
email-digest-subject = { $instance }: { $count ->
    [one] one new notification
   *[other] { $count } new notifications
}
email-digest-matches = { $count ->
    [one] One new proposal needs what you know
   *[other] { $count } new proposals need what you know
}
email-footer-settings = Choose which e-mails you get
email-footer-unsubscribe = Stop all e-mail
email-unsubscribe-title = Stop e-mail notifications
email-unsubscribe-button = Stop all e-mail notifications
email-unsubscribe-done = Done: you will get no more e-mail notifications. You can turn them on again in your settings.
group-open-proposals = { $count ->
    [0] No open proposals
    [one] One open proposal
   *[other] { $count } open proposals
}
group-all-proposals = All its proposals

## Attachments
attachments = Attachments
attachment-file = File
attachment-help = PDF, pictures (PNG, JPEG, GIF, WebP), OpenDocument or Office documents, text, CSV or Markdown; up to five files.
attachment-description = Description (optional; read aloud in place of a picture)
attachment-add = Attach
attachment-remove = Remove
interest-attach-help = Attach what supports your offer (a company profile, a CV, a datasheet) before you send it.
interest-files-after-draft = To attach files, save it as a draft first: you can add them before sending.
flash-attachment-added = The file is attached.
flash-attachment-removed = The file is removed.
error-attachment-empty = Choose a file to attach.
error-attachment-too-large = The file is larger than { $megabytes } MB.
error-attachment-kind = Files of this kind cannot be attached: use PDF, a picture, an OpenDocument or Office document, text, CSV or Markdown.
error-attachment-mismatch = The file's content does not match its extension.
error-attachment-description-long = The description can be at most 500 characters long.
error-attachment-too-many = At most { $count } files can be attached.
error-media-kind = Only pictures can be attached to a post: PNG, JPEG, GIF or WebP.
error-media-focus = The focal point is two numbers from -1 to 1, separated by a comma.
error-media-too-many = A post can carry at most { $count } pictures.
error-media-unknown = One of the pictures is not yours, is already on another post, or does not exist.
error-media-attached = This picture is on a post already: it goes when the post is deleted.

## Federation policy
error-federation-refused = This instance does not federate with yours.
error-federation-domain = Give a domain, such as fucina.example, other than this instance's own.
error-federation-suspended = This instance is suspended: lift the suspension before linking with it.
error-federation-linked-already = This domain is already linked or subscribed another way: unlink it first.
error-federation-mode = The federation mode is open or linked-only.
error-federation-severity = A block is a silence or a suspension.
timeline-linked = From linked instances
timeline-linked-none = From linked instances · this instance is not linked with any other yet
directory-open-proposals = { $count ->
    [one] one open proposal
   *[other] { $count } open proposals
}
admin-save = Save
admin-actions = Actions
admin-federation-mode = Federation mode
admin-federation-mode-open = Open: federate with every server that is not blocked
admin-federation-mode-linked-only = Linked only: federate only with linked instances
admin-links-title = Linked instances and relays
admin-links-none = No links yet.
admin-link-state = State
admin-link-last-received = Last received
admin-link-accept = Accept
admin-link-remove = Unlink
admin-link-domain = Domain
admin-link-add = Link
admin-relay-add = Subscribe as a relay
admin-relay-hint = For a relay, give its domain (LitePub relays) or its inbox URL, such as https://relay.example/inbox (Mastodon relays).
admin-link-kind-instance = instance
admin-link-kind-relay = relay
admin-link-state-linked = linked
admin-link-state-pending = waiting for them
admin-link-state-requested = asks to link
admin-link-state-subscribed = subscribed
admin-blocks-title = Blocked instances and accounts
admin-block-lift = Lift
admin-block-account = account blocked
admin-block-severity = Severity
admin-block-suspend = Suspend: nothing in or out, cached content removed
admin-block-silence = Silence: kept out of public timelines and search
admin-block-reason = Reason (for the log)
admin-block-add = Block
admin-block-account-field = Account (name@domain or its address)
admin-federation-log = Moderation log
admin-federation-log-empty = No policy changes yet.
flash-federation-mode = The federation mode is changed.
flash-federation-linked = The link is requested; it is established once the other instance accepts.
flash-federation-relay = The relay subscription is requested.
flash-federation-unlinked = The link is ended.
flash-federation-blocked = The block is in force.
flash-federation-unblocked = The block is lifted.
directory-title = Linked instances
directory-intro = The regions, clusters and networks this instance is linked with: their proposals reach this instance and its themes.
directory-users = Members
directory-proposals = Proposals
directory-themes = Themes
error-report-comment-long = A report's comment can have at most 1,000 characters.
error-report-self = You cannot report yourself.
error-report-statuses = Report at most 20 posts, each by the reported account and visible to you.
error-moderators-only = Only moderators and administrators can do this.

## Moderation of accounts
error-account-suspended = This account is suspended.
error-account-disabled = Login to this account has been disabled by a moderator.
error-moderation-remote = This account belongs to another server: block it from the federation settings instead.
error-moderation-outranked = You cannot act on your own account or on one whose role is equal to or above yours.
error-moderation-text-long = The reason is too long (5,000 characters at most).
error-purge-not-suspended = Only a suspended account can be purged.
notification-moderation-warning = : a moderator made a decision about your account
settings-moderation = Moderation
settings-delete = Delete account
warnings-none = No moderator has taken any action on your account.
warning-reason = Reason
warning-your-appeal = Your appeal
warning-appeal-label = Explain why you think the decision is wrong (you can appeal once)
warning-appeal-submit = Send the appeal
warning-action-none = Warning
warning-action-sensitive = Media marked as sensitive
warning-action-disable = Login disabled
warning-action-silence = Account limited
warning-action-suspend = Account suspended
warning-action-delete-statuses = Content removed
appeal-state-pending = awaiting a moderator
appeal-state-approved = approved
appeal-state-rejected = rejected
error-appeal-text = Write your appeal (2,000 characters at most).
error-appeal-once = This decision was already appealed: each can be appealed once.
flash-appeal-sent = Your appeal was sent to the moderators.
delete-account-explained = Deleting your account removes your posts, expressions of interest, files, follows and sessions, here and on the other servers that knew you. Proposals that others joined as team members stay, with the author shown as a deleted account. This cannot be undone.
delete-account-password = Your password, to confirm
delete-account-submit = Delete my account for ever
flash-account-deleted = Your account was deleted.
account-deleted = Deleted account
rules-title = Rules
rules-agree = By signing up you agree to follow the rules of this instance:
rules-admin-intro = The rules are shown at sign-up, in the report form and to apps. Write each in every language you can; a rule needs its text in at least one.
rule-position = Position
rule-text = Rule
rule-hint = Explanation (optional)
rule-save = Save the rule
rule-delete = Delete the rule
rule-add = Add a rule
error-rule-blank = Write the rule in at least one language.
error-rule-long = A rule has at most 300 characters, its explanation at most 1,000.
flash-rule-saved = The rule was saved.
flash-rule-deleted = The rule was deleted.
error-report-rules = Name rules of this instance, and only with the category "violation".
notification-report-resolved = : the moderators dealt with your report. Thank you.
report-action = Report
report-title = Report
report-heading = Report { $name }
report-intro = Tell the moderators what is wrong. The person you report is not told who reported them.
report-category = Reason
report-category-spam = Spam
report-category-legal = Illegal content
report-category-violation = It breaks the rules
report-category-other = Something else
report-rules = Which rules it breaks
report-comment = Anything the moderators should know (optional)
report-forward = Also send the report, without your name, to the moderators of their server
report-submit = Send the report
flash-report-sent = Thank you: your report reached the moderators.
moderation-title = Moderation
moderation-reports = Open reports
moderation-no-reports = No open reports.
moderation-reported-by = reported by { $name }
moderation-reporter-gone = another server
moderation-assigned = taken by { $name }
moderation-remove-reason = Reason for the removal, sent to the author
moderation-action = Action on the account
moderation-action-text = Reason, sent to the account's owner
moderation-act = Apply and resolve
moderation-take = Take it
moderation-resolve = Resolve without action
moderation-appeals = Appeals
moderation-no-appeals = No appeals waiting.
moderation-appeal = Appeal
moderation-approve = Approve (undo the decision)
moderation-reject = Reject
flash-moderation-done = Done.
signup-agreement = I accept the terms of service and the privacy policy
legal-terms = Terms of service
legal-privacy = Privacy policy
legal-not-written = The operator of this instance has not published this document yet.
legal-updated = Last changed on { $date }.
legal-admin-title = Terms and privacy
legal-admin-intro = People accept these documents when they sign up; the date they did is kept. Separate paragraphs with a blank line.
error-document-long = The document is too long (100,000 characters at most).
flash-legal-saved = The documents were saved.

## Your data: export and import
settings-data = Your data
export-title = Export your data
export-explained = An archive of your account: your profile, your posts with their pictures, what you liked and bookmarked, your proposals and interests with their files, and the lists of accounts you follow, block and mute. It is built in the background; we e-mail you when it is ready, and it is kept for a week.
export-request = Ask for an archive
export-download = Download
export-state-pending = being built
export-state-ready = ready
export-state-failed = could not be built
export-mail-body = The archive of your account is ready. You can download it from your settings for { $days } days:
export-mail-button = Download the archive
error-export-too-soon = An archive is being built or was made less than { $hours } hours ago.
flash-export-requested = Your archive is being built; we will e-mail you when it is ready.
import-title = Bring your lists
import-explained = Import the CSV files another server (Mastodon, for one) exports: the accounts you follow, block or mute, and your bookmarks. Accounts and posts on other servers are looked up one by one in the background.
import-kind = List
import-kind-following = Accounts I follow
import-kind-blocks = Accounts I block
import-kind-mutes = Accounts I mute
import-kind-bookmarks = Bookmarks
import-mode = What to do with the list I have
import-mode-merge = Add the file's entries to it
import-mode-overwrite = Replace it with the file
import-file = CSV file
import-submit = Import
import-pending = waiting
import-progress = { $imported } of { $total } imported
import-not-found = Not found
flash-import-started = Your list is being imported.
error-import-not-text = The file is not a text (CSV) file.
error-import-bad-line = Line { $line } of the file is not an account address (user@server) or a post's link.
error-import-too-long = The file has more than { $max } rows.
error-import-empty = The file lists nothing.
error-import-self = That is your own account.
error-mute-self = You cannot mute yourself.
account-suspended-notice = Your account is suspended: nobody sees it and it cannot post. You can read why and appeal, take your data, or delete it. Unless the suspension is lifted, it is erased 30 days after it began.

## Notes and history of a report
moderation-history = What was done
moderation-notes = Notes
moderation-note = A note for the other moderators
moderation-add-note = Add the note
moderation-console = the console
flash-note-added = The note was added.
flash-note-blank = A note cannot be empty.
error-report-note-blank = Write the note.
log-action-account-none = warned the account
log-action-account-sensitive = marked its media sensitive
log-action-account-disable = disabled its login
log-action-account-silence = silenced the account
log-action-account-suspend = suspended the account
log-action-account-purge = purged the account
log-action-enable = enabled its login again
log-action-unsilence = lifted the silence
log-action-unsensitive = lifted the sensitive mark
log-action-unsuspend = lifted the suspension
log-action-status-remove = removed a post
log-action-report-resolve = resolved the report
log-action-report-reopen = reopened the report
log-action-report-assign = took the report
log-action-appeal-approve = approved an appeal
log-action-appeal-reject = rejected an appeal

## Search tabs
search-tabs = What to look for
search-tab-proposals = Proposals
search-tab-posts = Discussions
search-tab-people = People
search-tab-groups = Themes and communities
search-more = More results

## Find and match
suggestion-needs = Needs { $competences }, which you know
suggestion-theme = In { $themes }, which you follow
suggestion-language = Worked on in { $languages }, which you speak
suggestion-knows = Knows { $competences }
error-competences-too-many = List at most { $max } competences.
profile-competences = What you know
profile-competences-help = Competences, separated by commas: they match you with proposals that need them.
profile-languages = Languages you work in
profile-languages-help = Language codes, separated by commas (it, en, de…).
profile-kinds = Kinds of proposal I follow
profile-stages = Stages I follow
suggestion-kind = Of the kind “{ $kind }”, which you follow
suggestion-stage = At the stage “{ $stage }”, which you follow
home-for-you = Proposals for you
home-for-you-empty = List what you know in your profile to see the proposals that need it.
suggestion-dismiss = Not for me
proposal-suggested-people = People who could join
proposal-suggested-none = Nobody here or on linked instances lists what this proposal seeks yet.
flash-suggestion-dismissed = That proposal will not be suggested again.
error-competence-label-long = A label has at most 100 characters.
error-competence-merge = Choose another competence to merge this one into.
competences-title = Competences
competences-explained = The shared vocabulary of proposals and profiles. Name each competence in both languages, and merge synonyms: proposals and profiles that list one then list the other, and new ones are folded into it.
competences-none = No competence has been listed yet.
competences-key = Key
competences-use = Used by
competences-labels = Labels
competences-merge = Merge
competences-into = Into
competences-proposals = { $count } proposals
competences-people = { $count } people
flash-competence-saved = The labels were saved.
flash-competence-merged = The competences were merged.
invitation-text = you know what this proposal needs: would you like to join “{ $title }”? { $link }
proposal-invite = Invite
flash-invitation-sent = The invitation was sent as a direct message.
people-title = Innovators
people-explained = People here and on other servers who chose to be found, by what they know, the themes they follow, their organisation and their server.
people-competence = Competence
people-theme = Theme or community
people-any = Any
people-organisation = Organisation
people-instance = Server (local, or a domain)
people-filter = Filter
people-none = Nobody matches these filters.
nav-people = Innovators
