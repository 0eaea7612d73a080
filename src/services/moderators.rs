//! Who acts in moderation: a moderator, checked against the roles of the
//! accounts they act on, or the instance's operator at the console.

use crate::db::users::Account;
use crate::domain::account::Role;
use crate::error::{AppError, AppResult};
use crate::services::accounts::role_of;
use crate::services::instance;
use crate::state::AppState;

/// Who acts: a moderator (checked against the target's role), or the
/// instance's operator at the console.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    Moderator(&'a Account),
    Console,
}

impl By<'_> {
    /// Refuses anyone below moderator.
    pub fn check(self) -> AppResult<()> {
        match self {
            By::Moderator(account) if role_of(account) < Role::Moderator => {
                Err(AppError::forbidden("error-moderators-only"))
            }
            _ => Ok(()),
        }
    }

    /// Refuses anyone below administrator.
    pub fn require_admin(self) -> AppResult<()> {
        match self {
            By::Moderator(account) if role_of(account) < Role::Admin => Err(AppError::forbidden("error-admins-only")),
            _ => Ok(()),
        }
    }

    /// The actor the log names: the moderator, or the instance actor.
    pub async fn actor_id(self, state: &AppState) -> AppResult<i64> {
        match self {
            By::Moderator(account) => Ok(account.actor.id),
            By::Console => Ok(instance::ensure_instance_actor(state).await?.id),
        }
    }
}
