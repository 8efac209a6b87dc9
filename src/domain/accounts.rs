//! Accounts (regnskab): which certification a final account needs.

use super::money::Ore;

/// Who must certify a grant's final account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Certification {
    /// Ledelsespåtegnet: certified by the municipality's management.
    Management,
    /// Revisorpåtegnet: certified by an auditor.
    Auditor,
}

/// The source (puljeopslaget) says auditor-certified "for a grant over 500,000 kr." and
/// management-certified "for a grant under 500,000 kr.", leaving exactly 500,000 kr.
/// unstated. We read "over" strictly: a grant of exactly the threshold is
/// management-certified, the lighter requirement, since the stricter one is only
/// imposed above it.
pub fn certification(grant: Ore, threshold: Ore) -> Certification {
    if grant > threshold {
        Certification::Auditor
    } else {
        Certification::Management
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(k: i64) -> Ore {
        Ore::from_kroner(k).unwrap_or(Ore::ZERO)
    }

    #[test]
    fn a_grant_over_500000_needs_an_auditor() {
        assert_eq!(
            certification(kr(2_235_074), kr(500_000)),
            Certification::Auditor
        );
        assert_eq!(
            certification(Ore::from_ore(50_000_001).unwrap_or(Ore::ZERO), kr(500_000)),
            Certification::Auditor
        );
    }

    #[test]
    fn exactly_500000_is_management_certified() {
        assert_eq!(
            certification(kr(500_000), kr(500_000)),
            Certification::Management
        );
    }

    #[test]
    fn a_grant_under_500000_is_management_certified() {
        assert_eq!(
            certification(kr(499_999), kr(500_000)),
            Certification::Management
        );
    }
}
