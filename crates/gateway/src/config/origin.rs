//! What counts as an origin (`scheme://host[:port]`, nothing more), in the
//! canonical form the CSP and the message checks compare.

use url::Url;

/// Checks that `s` is an origin: `scheme://host[:port]`, nothing more.
pub fn parse_origin(s: &str) -> Result<String, String> {
    let url = Url::parse(s).map_err(|e| format!("`{s}` is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{s}` must start with http:// or https://"));
    }
    if url.host_str().is_none() {
        return Err(format!("`{s}` has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("`{s}` must not contain credentials"));
    }
    let trimmed = s.trim_end_matches('/');
    if url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
        || trimmed.contains('?')
    {
        return Err(format!(
            "`{s}` must be an origin (scheme://host[:port]) without a path"
        ));
    }
    // The serialized origin is the canonical form (lower-case host, default port dropped).
    Ok(url.origin().ascii_serialization())
}
