//! How a policy key is declared: once, with its name, kind (a count with its range, a duration,
//! a size, a choice, a URL, globs…), default and one-line doc. The [`options!`] macro turns one
//! declaration per key into the option struct, its `Default`, and the [`Section`] table that the
//! policy validator accepts keys from and the JSON Schema and the policy reference are generated
//! from. Nothing else lists a key.
//!
//! [`options!`]: crate::options!

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// One mapping of the policy (`probe.limits`, a target, `scan`…) and its keys.
#[derive(Debug)]
pub struct Section {
    /// Where it sits in a policy: `probe.limits`, `probe.targets[]`.
    pub path: &'static str,
    /// Its keys, in the order the reference lists them.
    pub keys: &'static [Key],
    /// A key's default, as a value (none: no default, or one no value says).
    pub default: fn(&str) -> Option<Value>,
}

impl Section {
    /// The key named `name`.
    pub fn key(&self, name: &str) -> Option<&'static Key> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// The key names, as a validator accepts them.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|k| k.name)
    }
}

/// A section with no defaults of its own (its entries are validated by hand).
pub fn no_defaults(_key: &str) -> Option<Value> {
    None
}

/// One key of a section.
#[derive(Debug)]
pub struct Key {
    /// As written in a policy: `max-requests`.
    pub name: &'static str,
    /// What it accepts.
    pub kind: Kind,
    /// One line for the reference and the schema's description.
    pub doc: &'static str,
    /// Validated by hand (a cross-field rule or a nested structure), not by its kind alone.
    pub by_hand: bool,
}

/// What a key accepts. The validator parses a YAML value by its kind; the schema and the
/// reference describe it from the same.
#[derive(Debug)]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// A whole number in `min..=max`.
    Count {
        /// Smallest accepted.
        min: u32,
        /// Largest accepted.
        max: u32,
    },
    /// A percentage, 0 to 100 (a fraction is fine).
    Percent,
    /// `500ms`, `10s`, `2m`, `1h`, at most `max_secs`.
    Duration {
        /// Longest accepted, in seconds.
        max_secs: u64,
    },
    /// Bytes, or `5MiB`, `500KB`…, at most `max`.
    Size {
        /// Largest accepted, in bytes.
        max: u64,
    },
    /// Any string.
    Text,
    /// A string that is not blank.
    NonEmpty,
    /// A request body as written (JSON or a form), at most 64 KiB.
    Body,
    /// A request body that must be a JSON object.
    JsonObject,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A file, relative to the policy file.
    File,
    /// Files, relative to the policy file.
    Files,
    /// A list of strings.
    Strings,
    /// Globs on repository-relative paths.
    Globs,
    /// URL paths starting with `/`.
    UrlPaths,
    /// Origins: scheme, host and optional port.
    Origins,
    /// A host name (lowercased).
    Host,
    /// Host names (lowercased).
    Hosts,
    /// A DNS domain name.
    Domain,
    /// DNS domain names.
    Domains,
    /// IP addresses, optionally with a port (53 when none).
    Nameservers,
    /// An environment variable's name.
    EnvName,
    /// An `http://` or `https://` URL with a host and no credentials.
    Url,
    /// An `http://` URL with a host and no credentials.
    HttpUrl,
    /// `GET /path` read routes.
    ReadRoutes,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A severity.
    Severity,
    /// A nested mapping.
    Section(&'static Section),
    /// A list of mappings.
    List(&'static Section),
    /// A mapping of names to mappings.
    Map(&'static Section),
    /// A list of API routes: `METHOD /path` strings, or mappings with `route` and these keys.
    Routes {
        /// The keys of a mapping entry.
        section: &'static Section,
        /// The methods these routes may use.
        methods: &'static [Method],
    },
    /// Anything else, validated by hand; the text says what is accepted.
    Special(&'static str),
}

/// A key's value once its kind has parsed it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (an optional key's default).
    Unset,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number or a size in bytes.
    Int(u64),
    /// A number with a fraction.
    Number(f64),
    /// A duration.
    Duration(Duration),
    /// A string (a choice, a URL, a host…).
    Text(String),
    /// A file.
    Path(PathBuf),
    /// Strings (globs, hosts, paths…).
    List(Vec<String>),
    /// Files.
    Paths(Vec<PathBuf>),
    /// Socket addresses.
    Sockets(Vec<SocketAddr>),
}

/// A field type a policy value converts into and out of.
pub trait OptionValue: Sized {
    /// The field's value from a parsed key (none: the kind and the field disagree, a bug the
    /// round-trip test catches).
    fn from_value(v: Value) -> Option<Self>;
    /// The field's value, for the reference's and the schema's defaults.
    fn to_value(&self) -> Value;
}

impl OptionValue for bool {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl OptionValue for u64 {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Int(n) => Some(n),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}

impl OptionValue for u32 {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Int(n) => u32::try_from(n).ok(),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Int(u64::from(*self))
    }
}

impl OptionValue for f64 {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Number(n) => Some(n),
            Value::Int(n) => Some(n as f64),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Number(*self)
    }
}

impl OptionValue for Duration {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Duration(d) => Some(d),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Duration(*self)
    }
}

impl OptionValue for String {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s),
            Value::Unset => Some(String::new()),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        if self.is_empty() {
            Value::Unset
        } else {
            Value::Text(self.clone())
        }
    }
}

impl OptionValue for PathBuf {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Path(p) => Some(p),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Path(self.clone())
    }
}

/// A list field: its `Value` variant, and empty when unset.
macro_rules! list_value {
    ($($ty:ty => $variant:ident),* $(,)?) => {$(
        impl OptionValue for Vec<$ty> {
            fn from_value(v: Value) -> Option<Self> {
                match v {
                    Value::$variant(l) => Some(l),
                    Value::Unset => Some(Vec::new()),
                    _ => None,
                }
            }
            fn to_value(&self) -> Value {
                if self.is_empty() {
                    Value::Unset
                } else {
                    Value::$variant(self.clone())
                }
            }
        }
    )*};
}

list_value!(String => List, PathBuf => Paths, SocketAddr => Sockets);

impl<T: OptionValue> OptionValue for Option<T> {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Unset => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Unset, T::to_value)
    }
}

impl OptionValue for crate::DmarcPolicy {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Text(s) => crate::DmarcPolicy::parse(&s),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Text(self.as_str().to_owned())
    }
}

/// A struct of options declared with [`options!`](crate::options!).
pub trait Options: Default {
    /// Its section: path, keys, defaults.
    const SECTION: Section;
    /// Sets a key that is not validated by hand; false if `key` is not one or the value does
    /// not fit its field.
    fn set(&mut self, key: &str, value: Value) -> bool;
    /// A key's value (not for keys validated by hand).
    fn get(&self, key: &str) -> Option<Value>;
}

/// Declares an option struct, one line group per key:
///
/// ```ignore
/// options! {
///     /// `probe.limits`: per-target and per-run request limits.
///     pub struct Limits in "probe.limits" {
///         /// Per request: connect, headers and body.
///         "timeout" => timeout: Duration = Duration::from_secs(10), Kind::Duration { max_secs: 60 };
///     }
///     by_hand {
///         /// …keys the validator handles itself (nested sections, cross-field rules).
///     }
///     not_keys {
///         /// …fields no key sets (where the policy declared the section).
///     }
/// }
/// ```
///
/// This generates the struct, its `Default` from each key's default, and
/// [`Options`](crate::options::Options) with the [`Section`](crate::options::Section) table.
#[macro_export]
macro_rules! options {
    (
        $(#[$smeta:meta])*
        pub struct $name:ident in $path:literal {
            $(
                $(#[doc = $doc:literal])+
                $key:literal => $field:ident : $ty:ty = $default:expr, $kind:expr ;
            )*
        }
        $(by_hand {
            $(
                $(#[doc = $hdoc:literal])+
                $hkey:literal => $hfield:ident : $hty:ty = $hdefault:expr, $hkind:expr ;
            )*
        })?
        $(not_keys {
            $(
                $(#[doc = $ndoc:literal])+
                $nfield:ident : $nty:ty = $ndefault:expr ;
            )*
        })?
    ) => {
        $(#[$smeta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $( $(#[doc = $doc])+ pub $field: $ty, )*
            $($( $(#[doc = $hdoc])+ pub $hfield: $hty, )*)?
            $($( $(#[doc = $ndoc])+ pub $nfield: $nty, )*)?
        }

        impl ::std::default::Default for $name {
            fn default() -> Self {
                $name {
                    $( $field: $default, )*
                    $($( $hfield: $hdefault, )*)?
                    $($( $nfield: $ndefault, )*)?
                }
            }
        }

        impl $crate::options::Options for $name {
            const SECTION: $crate::options::Section = $crate::options::Section {
                path: $path,
                keys: &[
                    $( $crate::options::Key {
                        name: $key,
                        kind: $kind,
                        doc: concat!($($doc),+),
                        by_hand: false,
                    }, )*
                    $($( $crate::options::Key {
                        name: $hkey,
                        kind: $hkind,
                        doc: concat!($($hdoc),+),
                        by_hand: true,
                    }, )*)?
                ],
                default: |key| <$name as $crate::options::Options>::get(&<$name>::default(), key),
            };

            fn set(&mut self, key: &str, value: $crate::options::Value) -> bool {
                match key {
                    $( $key => match $crate::options::OptionValue::from_value(value) {
                        Some(v) => {
                            self.$field = v;
                            true
                        }
                        None => false,
                    }, )*
                    _ => {
                        let _ = value;
                        false
                    }
                }
            }

            fn get(&self, key: &str) -> Option<$crate::options::Value> {
                match key {
                    $( $key => Some($crate::options::OptionValue::to_value(&self.$field)), )*
                    _ => None,
                }
            }
        }
    };
}

/// Checks a declaration against its struct, for each section's test: every key's default reads
/// back through `get` and is accepted again by `set`, every word of a choice is accepted by its
/// field's type, and every key has a doc line.
pub fn verify<T: Options + std::fmt::Debug + PartialEq>() -> Result<(), String> {
    let mut t = T::default();
    let section = T::SECTION;
    for k in section.keys {
        let at = format!("{}.{}", section.path, k.name);
        if k.doc.trim().is_empty() {
            return Err(format!("{at} has no doc"));
        }
        if k.by_hand {
            continue;
        }
        let v = (section.default)(k.name).ok_or_else(|| format!("{at} has no default value"))?;
        if !t.set(k.name, v) {
            return Err(format!("{at}: its default does not fit its field"));
        }
        if let Kind::Choice(words) = &k.kind {
            for w in *words {
                let mut probe = T::default();
                if !probe.set(k.name, Value::Text((*w).to_owned())) {
                    return Err(format!("{at}: the choice `{w}` does not parse"));
                }
            }
        }
    }
    if t != T::default() {
        return Err(format!("{}: defaults do not round-trip", section.path));
    }
    Ok(())
}

/// Parses `500ms`, `10s`, `2m`, `1h`: a positive whole number and a unit.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().ok().filter(|n| *n > 0)?;
    let ms = match unit.trim() {
        "ms" => n,
        "s" => n.checked_mul(1000)?,
        "m" => n.checked_mul(60_000)?,
        "h" => n.checked_mul(3_600_000)?,
        _ => return None,
    };
    Some(Duration::from_millis(ms))
}

/// A duration as a policy writes it: `2s`, `500ms`.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms > 0 && ms.is_multiple_of(3_600_000) {
        format!("{}h", ms / 3_600_000)
    } else if ms > 0 && ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// Parses a size: bytes, or a number with `B`, `KB`/`kB`, `KiB`, `MB`, `MiB`, `GB`, `GiB`.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().ok()?;
    let mult: u64 = match unit.trim() {
        "" | "B" => 1,
        "KB" | "kB" => 1000,
        "KiB" => 1024,
        "MB" => 1000 * 1000,
        "MiB" => 1024 * 1024,
        "GB" => 1000 * 1000 * 1000,
        "GiB" => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(mult).filter(|v| *v > 0)
}

/// A size as a policy writes it: `5MiB`, `64KiB`, `1000`.
pub fn format_size(n: u64) -> String {
    for (unit, m) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if n >= m && n.is_multiple_of(m) {
            return format!("{}{unit}", n / m);
        }
    }
    n.to_string()
}

/// An HTTP method an API route may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// Every method, as the auth matrix may call them.
    pub const ALL: &'static [Method] = &[
        Method::Get,
        Method::Head,
        Method::Options,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    /// As written: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Any case; none for a method launchgate does not send.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL
            .iter()
            .copied()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether calling it only reads.
    pub fn is_read(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Options)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An API route as a policy writes it: a method, a path template and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `GET`, `POST`, …
    pub method: Method,
    /// `/api/orgs/{org}/members`.
    pub template: String,
    /// Values for the template's `{placeholders}`, sorted by name.
    pub params: Vec<(String, String)>,
}

impl Route {
    /// A route with no parameters.
    pub fn new(method: Method, template: &str) -> Route {
        Route {
            method,
            template: template.to_owned(),
            params: Vec::new(),
        }
    }

    /// The path called: the template with its parameters filled in (`/api/orgs/1/members`).
    pub fn path(&self) -> String {
        let mut path = self.template.clone();
        for (k, v) in &self.params {
            path = path.replace(&format!("{{{k}}}"), v);
        }
        path
    }

    /// `GET /api/orgs/{org}/members`, as reports name it.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.template)
    }
}

impl Default for Route {
    fn default() -> Self {
        Route::new(Method::Get, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_print_as_they_parse() {
        for d in ["500ms", "10s", "2m", "1h", "90s", "1500ms"] {
            let parsed = parse_duration(d).unwrap_or_default();
            assert_eq!(
                parse_duration(&format_duration(parsed)),
                Some(parsed),
                "{d}"
            );
        }
        assert_eq!(format_duration(Duration::from_secs(2)), "2s");
        assert_eq!(format_duration(Duration::from_secs(120)), "2m");
        assert_eq!(format_size(5 << 20), "5MiB");
        assert_eq!(format_size(1000), "1000");
        assert_eq!(parse_size("5MiB"), Some(5 << 20));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_duration("10"), None);
    }

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(
            parse_duration("500ms"),
            Some(std::time::Duration::from_millis(500))
        );
        assert_eq!(
            parse_duration("10s"),
            Some(std::time::Duration::from_secs(10))
        );
        assert_eq!(
            parse_duration("2m"),
            Some(std::time::Duration::from_secs(120))
        );
        assert_eq!(parse_duration("10"), None);
        assert_eq!(parse_duration("0s"), None);
        assert_eq!(parse_duration("5 days"), None);
    }

    #[test]
    fn sizes_accept_decimal_and_binary_units() {
        assert_eq!(parse_size("5MiB"), Some(5 * 1024 * 1024));
        assert_eq!(parse_size("500KB"), Some(500_000));
        assert_eq!(parse_size("2 MB"), Some(2_000_000));
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("5 mb"), None);
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("MiB"), None);
    }

    #[test]
    fn a_route_fills_its_parameters_and_methods_parse_any_case() {
        let mut r = Route::new(Method::Get, "/api/orgs/{org}/members");
        r.params.push(("org".to_owned(), "1".to_owned()));
        assert_eq!(r.path(), "/api/orgs/1/members");
        assert_eq!(r.label(), "GET /api/orgs/{org}/members");
        assert_eq!(Method::parse("patch"), Some(Method::Patch));
        assert_eq!(Method::parse("TRACE"), None);
    }
}
