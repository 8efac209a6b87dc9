//! Message catalogue: `locales/da.ftl` and `locales/en.ftl`, embedded and parsed once.
//!
//! Danish is the default and the reference language; English has exactly the same keys
//! (a test enforces it). A missing key renders as the key itself, so a gap is visible
//! on the page instead of failing the request.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{langid, LanguageIdentifier};

/// The language a page is rendered in.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];

    /// Parses a language tag such as `da`, `da-DK`, `en`, `en-GB` (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        if primary.eq_ignore_ascii_case("da") {
            Some(Lang::Da)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The BCP 47 tag used in `<html lang>` and `?lang=`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// Picks a language from an `Accept-Language` header: the first supported tag in
    /// order of preference (q-values respected), Danish when none is supported.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::from_tag) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1000, parse_q);
            if q > 0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Da, |(_, l)| l)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Da => langid!("da"),
            Lang::En => langid!("en"),
        }
    }
}

/// A q-value as thousandths; malformed values count as 0 (not acceptable).
fn parse_q(q: &str) -> u16 {
    q.trim()
        .parse::<f32>()
        .ok()
        .filter(|v| (0.0..=1.0).contains(v))
        .map_or(0, |v| (v * 1000.0).round() as u16)
}

/// A value for a placeable in a message.
///
/// `Int` renders as plain digits (years, ids, counts) and drives plural selection
/// (`{ $count -> [one] … *[other] … }`); for grouped amounts pass the output of
/// [`crate::fmt`] as `Text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Int(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Self {
        Arg::Int(n.into())
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Int(n.into())
    }
}

pub(crate) const DA_FTL: &str = include_str!("../locales/da.ftl");
pub(crate) const EN_FTL: &str = include_str!("../locales/en.ftl");

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang, source: &str) -> Bundle {
    // A syntax error still yields the entries that did parse; the catalogue tests
    // guarantee there are none, so nothing is lost in practice and nothing panics.
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(res, _)| res);
    let mut bundle = FluentBundle::new_concurrent(vec![lang.id()]);
    // Unicode isolation marks (U+2068/U+2069) would end up inside HTML text and
    // attribute values; our arguments are never right-to-left.
    bundle.set_use_isolating(false);
    // Duplicate ids keep the first definition; the tests reject duplicates.
    let _ = bundle.add_resource(resource);
    bundle
}

static DA: LazyLock<Bundle> = LazyLock::new(|| build(Lang::Da, DA_FTL));
static EN: LazyLock<Bundle> = LazyLock::new(|| build(Lang::En, EN_FTL));

fn bundle(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    }
}

/// Messages without arguments, formatted once: pages ask for dozens per request.
fn plain(lang: Lang) -> &'static std::collections::HashMap<String, String> {
    fn build_plain(lang: Lang, source: &str) -> std::collections::HashMap<String, String> {
        let bundle = bundle(lang);
        let mut out = std::collections::HashMap::new();
        for line in source.lines() {
            let Some((id, _)) = line.split_once('=') else {
                continue;
            };
            let id = id.trim();
            let is_id = !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && id.starts_with(|c: char| c.is_ascii_alphabetic());
            let Some(pattern) = is_id
                .then(|| bundle.get_message(id))
                .flatten()
                .and_then(|m| m.value())
            else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, None, &mut errors);
            // A message with variables reports them missing here: it stays dynamic.
            if errors.is_empty() {
                out.insert(id.to_string(), text.into_owned());
            }
        }
        out
    }
    static DA_PLAIN: LazyLock<std::collections::HashMap<String, String>> =
        LazyLock::new(|| build_plain(Lang::Da, DA_FTL));
    static EN_PLAIN: LazyLock<std::collections::HashMap<String, String>> =
        LazyLock::new(|| build_plain(Lang::En, EN_FTL));
    match lang {
        Lang::Da => &DA_PLAIN,
        Lang::En => &EN_PLAIN,
    }
}

/// The message `key` in `lang`, or `key` itself when the catalogue has no such message.
pub fn t(lang: Lang, key: &str) -> String {
    match plain(lang).get(key) {
        Some(text) => text.clone(),
        None => format(lang, key, None),
    }
}

/// Like [`t`] with arguments: `t_args(lang, "error-incident", &[("id", "A1B2".into())])`.
/// A missing argument renders as `{$name}`.
pub fn t_args(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(s.as_str()),
            Arg::Int(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    format(lang, key, Some(&fluent_args))
}

/// Whether `lang`'s catalogue defines `key`.
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

fn format(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::Entry;

    use super::*;

    fn keys(source: &str) -> Vec<String> {
        let resource = match FluentResource::try_new(source.to_owned()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("catalogue does not parse: {errors:?}"),
        };
        resource
            .entries()
            .filter_map(|e| match e {
                Entry::Message(m) => Some(m.id.name.to_owned()),
                Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_catalogues_parse_without_errors_or_duplicates() {
        for (name, src) in [("da", DA_FTL), ("en", EN_FTL)] {
            let all = keys(src);
            let unique: BTreeSet<_> = all.iter().collect();
            assert_eq!(all.len(), unique.len(), "{name}.ftl has duplicate keys");
            assert!(all.len() > 40, "{name}.ftl looks truncated");
        }
    }

    /// Users read the messages, not the repository: no path into `docs/` and no command
    /// line in any message (comments may name them).
    #[test]
    fn no_message_sends_a_user_to_the_docs_or_a_command() {
        for (name, src) in [("da", DA_FTL), ("en", EN_FTL)] {
            for line in src.lines().filter(|l| !l.trim_start().starts_with('#')) {
                assert!(!line.contains("docs/"), "{name}.ftl: {line}");
                assert!(!line.contains("cargo "), "{name}.ftl: {line}");
                for cmd in [
                    "audit verify",
                    "tilskud import",
                    "tilskud users",
                    "tilskud migrate",
                ] {
                    assert!(!line.contains(cmd), "{name}.ftl: {line}");
                }
            }
        }
    }

    #[test]
    fn danish_and_english_have_exactly_the_same_keys() {
        let da: BTreeSet<_> = keys(DA_FTL).into_iter().collect();
        let en: BTreeSet<_> = keys(EN_FTL).into_iter().collect();
        let only_da: Vec<_> = da.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&da).collect();
        assert!(
            only_da.is_empty() && only_en.is_empty(),
            "only in da: {only_da:?}; only in en: {only_en:?}"
        );
    }

    #[test]
    fn every_message_has_a_value_in_both_languages() {
        for lang in Lang::ALL {
            let src = if lang == Lang::Da { DA_FTL } else { EN_FTL };
            for key in keys(src).iter().filter(|k| !k.starts_with('-')) {
                let bundle = bundle(lang);
                let has_value = bundle.get_message(key).and_then(|m| m.value()).is_some();
                assert!(has_value, "{key} has no value in {lang:?}");
            }
        }
    }

    /// Every literal key passed to `t`/`t_args` in this crate exists in both files.
    #[test]
    fn keys_used_by_the_crate_exist_in_both_languages() {
        let sources = [
            include_str!("layout.rs"),
            include_str!("error_page.rs"),
            include_str!("components/mod.rs"),
            include_str!("components/form.rs"),
            include_str!("components/table.rs"),
            include_str!("components/steps.rs"),
            include_str!("pages/login.rs"),
            include_str!("pages/pools.rs"),
            include_str!("pages/allocation.rs"),
            include_str!("pages/users.rs"),
            include_str!("pages/audit.rs"),
            include_str!("pages/municipality.rs"),
            include_str!("pages/finance_acts.rs"),
            include_str!("pages/questionnaire.rs"),
            include_str!("pages/questionnaire/form.rs"),
            include_str!("pages/questionnaire/results.rs"),
            include_str!("pages/questionnaire/chart.rs"),
        ];
        let mut found = 0;
        for src in sources {
            for call in ["t(", "t_args("] {
                for (i, _) in src.match_indices(call) {
                    let preceded_by_ident = src[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_');
                    if preceded_by_ident {
                        continue;
                    }
                    let rest = &src[i + call.len()..];
                    let Some((_, after)) = rest.split_once(", \"") else {
                        continue;
                    };
                    let key = after.split('"').next().unwrap_or("");
                    if key.is_empty() || rest.find(", \"") > rest.find(')') {
                        continue;
                    }
                    for lang in Lang::ALL {
                        assert!(has(lang, key), "{key} missing in {lang:?}");
                    }
                    found += 1;
                }
            }
        }
        assert!(found > 20, "scanner found only {found} keys");
    }

    #[test]
    fn seeded_texts_are_the_agreed_danish_wording() {
        assert_eq!(t(Lang::Da, "app-name"), "tilskud");
        assert_eq!(t(Lang::Da, "nav-pools"), "Puljer");
        assert_eq!(t(Lang::Da, "nav-allocation"), "Fordeling");
        assert_eq!(t(Lang::Da, "nav-users"), "Brugere");
        assert_eq!(t(Lang::Da, "nav-audit"), "Revisionslog");
        assert_eq!(t(Lang::Da, "nav-municipalities"), "Kommuner");
        assert_eq!(t(Lang::Da, "role-officer"), "Fuldmægtig (STAR)");
        assert_eq!(t(Lang::Da, "role-finance"), "Økonomimedarbejder");
        assert_eq!(t(Lang::Da, "role-committee"), "Udvalgsmedlem");
        assert_eq!(t(Lang::Da, "role-admin"), "Administrator");
        assert_eq!(t(Lang::Da, "skip-to-content"), "Gå til indhold");
        assert_eq!(t(Lang::Da, "error-summary-heading"), "Der er problemer");
        assert_eq!(t(Lang::En, "nav-pools"), "Pools");
    }

    #[test]
    fn a_missing_key_renders_as_the_key() {
        assert_eq!(t(Lang::Da, "no-such-key"), "no-such-key");
        assert_eq!(
            t_args(Lang::En, "no-such-key", &[("x", Arg::Int(1))]),
            "no-such-key"
        );
        assert!(!has(Lang::Da, "no-such-key"));
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let s = t_args(Lang::Da, "error-incident", &[("id", "7F3A-19".into())]);
        assert!(s.contains("7F3A-19"), "{s}");
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
        let s = t_args(Lang::En, "step-done", &[("number", Arg::Int(2025))]);
        assert!(s.contains("2025") && !s.contains("2.025"), "{s}");
    }

    #[test]
    fn language_tags_parse_leniently_and_round_trip() {
        assert_eq!(Lang::from_tag("da"), Some(Lang::Da));
        assert_eq!(Lang::from_tag("da-DK"), Some(Lang::Da));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag(""), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::Da);
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,da;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,da;q=0.5,en;q=0.4"),
            Lang::Da
        );
        assert_eq!(Lang::from_accept_language("da;q=0.2, en;q=0.7"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr, de"), Lang::Da);
        assert_eq!(Lang::from_accept_language("en;q=0, da;q=x"), Lang::Da);
        assert_eq!(Lang::from_accept_language(""), Lang::Da);
    }
}
