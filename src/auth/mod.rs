//! Who is asking and what they may do: roles, the access policy every route declares,
//! password hashing and server-side sessions.

pub mod password;
pub mod session;
pub mod throttle;

pub use crate::domain::role::Role;

/// The logged-in user behind a request, loaded from the session table.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality_code: Option<i32>,
    pub session_id: String,
    pub csrf_token: String,
}

impl CurrentUser {
    pub fn actor(&self) -> crate::db::audit::Actor {
        crate::db::audit::Actor {
            user_id: Some(self.id),
            label: self.username.clone(),
        }
    }

    pub fn is_officer(&self) -> bool {
        self.role == Role::Officer
    }
}

/// Who may use a route. Every route in `web::routes` declares one; the guard enforces it
/// before the handler runs, and the access test walks the route table with every role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not (login page, static assets, health).
    Public,
    /// Any logged-in user, the caseworker included: only what every session needs (the
    /// front page, logging out, a kept form, who am I).
    Session,
    /// Any logged-in user but the caseworker, whose access is the questionnaire alone.
    AnyUser,
    /// Grant officers only.
    Officer,
    /// Grant officers and administrators (user management).
    OfficerOrAdmin,
    /// STAR staff, or a municipal user whose municipality is the route's `{code}`.
    OwnMunicipality,
    /// Only the finance staff of the route's `{code}` (they apply; nobody else may
    /// write a municipality's application, not even an officer).
    MunicipalFinance,
    /// Only the municipal users (finance and committee) of the route's `{code}`: not STAR,
    /// not administrators. For what identifies the municipality's own citizens, even by
    /// pseudonym (docs/monitoring.md).
    OwnMunicipalityOnly,
    /// The finance staff or a caseworker of the route's `{code}`: who enters and imports
    /// the municipality's questionnaire and sees who is due (by pseudonym).
    QuestionnaireEntry,
    /// STAR staff, or any user bound to the route's `{code}`, the caseworker included:
    /// the municipality's questionnaire results (counts, no persons).
    OwnMunicipalityAll,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not logged in: send to the login page (HTML) or 401 (API).
    LogIn,
    Forbidden,
}

impl Access {
    pub fn decide(self, user: Option<&CurrentUser>, path_code: Option<&str>) -> Decision {
        let Some(user) = user else {
            return if self == Access::Public {
                Decision::Allow
            } else {
                Decision::LogIn
            };
        };
        let ok = match self {
            Access::Public | Access::Session => true,
            Access::AnyUser => user.role != Role::Caseworker,
            Access::Officer => user.role == Role::Officer,
            Access::OfficerOrAdmin => matches!(user.role, Role::Officer | Role::Admin),
            Access::MunicipalFinance => {
                let code = path_code.and_then(|c| c.parse::<i32>().ok());
                user.role == Role::Finance && code.is_some() && code == user.municipality_code
            }
            Access::OwnMunicipalityOnly => {
                let code = path_code.and_then(|c| c.parse::<i32>().ok());
                user.role.is_municipal() && code.is_some() && code == user.municipality_code
            }
            Access::QuestionnaireEntry => {
                let code = path_code.and_then(|c| c.parse::<i32>().ok());
                matches!(user.role, Role::Finance | Role::Caseworker)
                    && code.is_some()
                    && code == user.municipality_code
            }
            Access::OwnMunicipality | Access::OwnMunicipalityAll => match user.role {
                Role::Officer | Role::Admin => true,
                Role::Caseworker if self == Access::OwnMunicipality => false,
                Role::Finance | Role::Committee | Role::Caseworker => {
                    let code = path_code.and_then(|c| c.parse::<i32>().ok());
                    code.is_some() && code == user.municipality_code
                }
            },
        };
        if ok {
            Decision::Allow
        } else {
            Decision::Forbidden
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Session => "session",
            Access::AnyUser => "any-user",
            Access::Officer => "officer",
            Access::OfficerOrAdmin => "officer-or-admin",
            Access::OwnMunicipality => "own-municipality",
            Access::MunicipalFinance => "municipal-finance",
            Access::OwnMunicipalityOnly => "own-municipality-only",
            Access::QuestionnaireEntry => "questionnaire-entry",
            Access::OwnMunicipalityAll => "own-municipality-all",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, code: Option<i32>) -> CurrentUser {
        CurrentUser {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            municipality_code: code,
            session_id: "s".into(),
            csrf_token: "t".into(),
        }
    }

    #[test]
    fn only_the_municipalitys_own_users_pass_own_municipality_only() {
        let rule = Access::OwnMunicipalityOnly;
        for role in [Role::Finance, Role::Committee] {
            let own = user(role, Some(615));
            assert_eq!(rule.decide(Some(&own), Some("615")), Decision::Allow);
            assert_eq!(rule.decide(Some(&own), Some("751")), Decision::Forbidden);
            assert_eq!(rule.decide(Some(&own), None), Decision::Forbidden);
        }
        for role in [Role::Officer, Role::Admin] {
            let star = user(role, None);
            assert_eq!(rule.decide(Some(&star), Some("615")), Decision::Forbidden);
            // Not even with a municipality set on the account by mistake.
            let odd = user(role, Some(615));
            assert_eq!(rule.decide(Some(&odd), Some("615")), Decision::Forbidden);
        }
        assert_eq!(rule.decide(None, Some("615")), Decision::LogIn);
    }
}
