//! Building links from the current request path: language switch, sorting, pagination.

/// `href` if it is a path on this site, otherwise `/`. Rejects scheme-relative
/// (`//host`), backslash (`/\host`, which some browsers treat as `//`) and absolute
/// URLs, so a crafted request path cannot turn our links into off-site links.
pub(crate) fn local(href: &str) -> &str {
    let ok = href.starts_with('/')
        && !href.starts_with("//")
        && !href.contains('\\')
        && !href.chars().any(char::is_control);
    if ok {
        href
    } else {
        "/"
    }
}

/// `base` (made [`local`]) with the query parameters named in `drop` and in `set`
/// removed, then `set` appended in order. The fragment is dropped.
pub(crate) fn with_params(base: &str, drop: &[&str], set: &[(&str, &str)]) -> String {
    let base = local(base);
    let base = base.split('#').next().unwrap_or(base);
    let (path, query) = base.split_once('?').unwrap_or((base, ""));
    let kept = query.split('&').filter(|pair| {
        let name = pair.split('=').next().unwrap_or(pair);
        !pair.is_empty() && !drop.contains(&name) && !set.iter().any(|(n, _)| *n == name)
    });
    let added = set
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)));
    let params: Vec<String> = kept.map(str::to_owned).chain(added).collect();
    if params.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", params.join("&"))
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_kept() {
        assert_eq!(local("/pools?x=1"), "/pools?x=1");
        assert_eq!(local("//evil.example/x"), "/");
        assert_eq!(local("/\\evil.example"), "/");
        assert_eq!(local("https://evil.example"), "/");
        assert_eq!(local("pools"), "/");
        assert_eq!(local("/a\nb"), "/");
        assert_eq!(local(""), "/");
    }

    #[test]
    fn parameters_are_replaced_not_duplicated() {
        assert_eq!(
            with_params("/pools", &[], &[("lang", "en")]),
            "/pools?lang=en"
        );
        assert_eq!(
            with_params("/pools?q=a&lang=da&page=2", &["page"], &[("lang", "en")]),
            "/pools?q=a&lang=en"
        );
        assert_eq!(
            with_params("/p?sort=x&dir=asc#top", &["sort", "dir"], &[]),
            "/p"
        );
        assert_eq!(with_params("/p?", &[], &[("k", "a b&c")]), "/p?k=a%20b%26c");
        assert_eq!(with_params("//evil", &[], &[("lang", "en")]), "/?lang=en");
    }
}
