//! Who may do what: roles and API tokens.

pub mod invitations;
pub mod password;
pub mod session;
pub mod token;
pub mod users;

pub use token::{TokenKey, create_token, hash_token, pick_to_revoke};

use std::fmt;
use std::str::FromStr;

/// What a user or token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everything, including users and API tokens.
    Admin,
    /// Campaigns and links.
    Marketer,
    /// Read only: dashboard and exports.
    Analyst,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Marketer => "marketer",
            Role::Analyst => "analyst",
        }
    }

    /// May create, edit and delete links and campaigns.
    pub fn can_edit_links(self) -> bool {
        matches!(self, Role::Admin | Role::Marketer)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        match s {
            "admin" => Ok(Role::Admin),
            "marketer" => Ok(Role::Marketer),
            "analyst" => Ok(Role::Analyst),
            other => Err(format!(
                "unknown role {other:?}: use admin, marketer or analyst"
            )),
        }
    }
}
