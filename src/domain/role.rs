//! Who a user is in the grant process. The access rules that use it live in `auth`.

use serde::Serialize;

/// The four kinds of user. Municipal roles are bound to one municipality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Grant officer (fuldmægtig) at STAR.
    Officer,
    /// Municipal finance staff (økonomimedarbejder).
    Finance,
    /// Municipal committee member (udvalgsmedlem): reads own municipality only.
    Committee,
    /// System administrator.
    Admin,
    /// Municipal caseworker (sagsbehandler): enters and imports the progression
    /// questionnaire of their own municipality, and nothing else.
    Caseworker,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Officer,
        Role::Finance,
        Role::Committee,
        Role::Admin,
        Role::Caseworker,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Finance => "finance",
            Role::Committee => "committee",
            Role::Admin => "admin",
            Role::Caseworker => "caseworker",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Finance and committee: the municipal roles that see the municipality's grant.
    pub fn is_municipal(self) -> bool {
        matches!(self, Role::Finance | Role::Committee)
    }

    /// Bound to one municipality: the municipal roles and the caseworker.
    pub fn has_municipality(self) -> bool {
        self.is_municipal() || self == Role::Caseworker
    }

    /// Catalogue key of the role's display name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Officer => "role-officer",
            Role::Finance => "role-finance",
            Role::Committee => "role-committee",
            Role::Admin => "role-admin",
            Role::Caseworker => "role-caseworker",
        }
    }
}
