//! The documents of an account (`docs/accounts.md`, "Documents"): PDFs only, judged by
//! their content, within a size limit; which ones a submission needs.

use thiserror::Error;

use super::{AccountKind, Certification};
use crate::domain::status::status_enum;

status_enum! {
    /// What a document is to its account version, stored as these strings.
    DocumentPurpose, "document purpose" {
        /// The management's signed declaration (ledelseserklæring).
        Declaration => "declaration",
        /// The auditor's report (revisorerklæring).
        AuditorReport => "auditor_report",
        /// The final report (slutrapport).
        FinalReport => "final_report",
        /// Anything else the municipality adds; any number of them.
        Attachment => "attachment",
    }
}

/// The documents a version must have to be submitted: the declaration or the auditor's
/// report by its certification, and the final report with a final account.
pub fn required_documents(kind: AccountKind, certification: Certification) -> Vec<DocumentPurpose> {
    let mut out = vec![match certification {
        Certification::Management => DocumentPurpose::Declaration,
        Certification::Auditor => DocumentPurpose::AuditorReport,
    }];
    if kind == AccountKind::Final {
        out.push(DocumentPurpose::FinalReport);
    }
    out
}

/// Why an uploaded file is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum DocumentError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not a PDF")]
    NotPdf,
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
}

impl DocumentError {
    pub fn key(&self) -> &'static str {
        match self {
            DocumentError::Empty => "document-empty",
            DocumentError::NotPdf => "document-not-pdf",
            DocumentError::TooLarge { .. } => "document-too-large",
        }
    }
}

/// A PDF starts with "%PDF-", whatever the file is called or claims to be; a renamed
/// program or picture does not.
pub fn check_pdf(bytes: &[u8], limit: usize) -> Result<(), DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > limit {
        return Err(DocumentError::TooLarge { limit });
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(DocumentError::NotPdf);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_content_makes_a_pdf() {
        assert_eq!(check_pdf(b"%PDF-1.7\n...", 100), Ok(()));
        assert_eq!(
            check_pdf(b"MZ\x90\x00 renamed.exe", 100),
            Err(DocumentError::NotPdf)
        );
        assert_eq!(check_pdf(b" %PDF-1.7", 100), Err(DocumentError::NotPdf));
        assert_eq!(check_pdf(b"%PDF", 100), Err(DocumentError::NotPdf));
        assert_eq!(check_pdf(b"", 100), Err(DocumentError::Empty));
    }

    #[test]
    fn the_limit_is_the_largest_size_allowed() {
        let file = [b"%PDF-".as_slice(), &[b'x'; 95]].concat();
        assert_eq!(check_pdf(&file, 100), Ok(()));
        assert_eq!(
            check_pdf(&file, 99),
            Err(DocumentError::TooLarge { limit: 99 })
        );
    }

    #[test]
    fn each_certification_asks_for_its_own_document_and_a_final_account_for_its_report() {
        use DocumentPurpose::*;
        assert_eq!(
            required_documents(AccountKind::Interim, Certification::Management),
            [Declaration]
        );
        assert_eq!(
            required_documents(AccountKind::Final, Certification::Management),
            [Declaration, FinalReport]
        );
        assert_eq!(
            required_documents(AccountKind::Final, Certification::Auditor),
            [AuditorReport, FinalReport]
        );
        assert_eq!(
            DocumentPurpose::parse("auditor_report"),
            Some(AuditorReport)
        );
    }
}
