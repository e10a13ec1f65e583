//! Reading JSON values (miniserde's `Value`), for the config block and the stored
//! record. miniserde keeps the bundle small; these are the lookups serde_json's `Value`
//! has and miniserde's leaves to the caller.

use miniserde::json::Number;
pub use miniserde::json::{Object, Value};

/// Parses `raw` as any JSON value.
pub fn parse(raw: &str) -> Option<Value> {
    miniserde::json::from_str(raw).ok()
}

/// `value[key]`, if `value` is an object that has it.
pub fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Object(object) => object.get(key),
        _ => None,
    }
}

pub fn as_str(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// A non-negative whole number (as JSON numbers without a fraction parse).
pub fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(Number::U64(n)) => Some(*n),
        _ => None,
    }
}

/// `value` written back as compact JSON, to quote it in an error message.
pub fn text(value: &Value) -> String {
    miniserde::json::to_string(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_follow_the_json_types() {
        let v = parse(r#"{"a": "x", "n": 7, "f": 1.5, "neg": -1}"#).unwrap();
        assert_eq!(get(&v, "a").and_then(as_str), Some("x"));
        assert_eq!(get(&v, "n").and_then(as_u64), Some(7));
        assert_eq!(get(&v, "f").and_then(as_u64), None);
        assert_eq!(get(&v, "neg").and_then(as_u64), None);
        assert_eq!(get(&v, "a").and_then(as_u64), None);
        assert!(get(&v, "missing").is_none());
        assert_eq!(text(get(&v, "a").unwrap()), r#""x""#);
        assert!(parse("{").is_none());
    }
}
