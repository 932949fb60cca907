//! A small JSON Schema check, enough for the schemas in docs/schema/: each
//! problem of a value against a schema, with its JSON path.
//!
//! The schemas leave objects open for readers (keys may be added within a
//! version), but our own output must still describe every key it writes:
//! an object checked against `properties` without `additionalProperties`
//! may hold no other key.

use serde_json::Value;

/// A schema of docs/schema/ by file name.
pub fn read(name: &str) -> Value {
    let path = super::repo_path("docs/schema").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The problems of `value` against `schema` (whose `$defs` its `$ref`s
/// name); none when it matches.
pub fn check_against(schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    problems(schema, schema, value, "$", &mut out);
    out
}

/// The problems of `value` against `schema`, each with its JSON path.
/// Checks the keywords the schemas use: `$ref` (to `#/$defs/…`),
/// `type`, `const`, `enum`, `required`, `properties`,
/// `additionalProperties`, `items`, `maxItems`, `minimum`, `maximum`,
/// `pattern` and `oneOf`.
/// An unknown keyword is a problem too, so the schema cannot outgrow
/// the check unnoticed.
pub fn problems(root: &Value, schema: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    let Some(rules) = schema.as_object() else {
        out.push(format!("{path}: the schema is not an object"));
        return;
    };
    for (keyword, rule) in rules {
        match keyword.as_str() {
            "$schema" | "$defs" | "title" | "description" | "format" => {}
            "$ref" => {
                let name = rule.as_str().unwrap().strip_prefix("#/$defs/").unwrap();
                problems(root, &root["$defs"][name], value, path, out);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::Array(many) => many.iter().map(|t| t.as_str().unwrap()).collect(),
                    one => vec![one.as_str().unwrap()],
                };
                if !types.iter().any(|t| has_type(value, t)) {
                    out.push(format!("{path}: {value} is not of type {types:?}"));
                }
            }
            "const" if value != rule => out.push(format!("{path}: {value} is not {rule}")),
            "enum" if !rule.as_array().unwrap().contains(value) => {
                out.push(format!("{path}: {value} is not one of {rule}"))
            }
            "required" => {
                for key in rule.as_array().unwrap() {
                    let key = key.as_str().unwrap();
                    if value.as_object().is_some_and(|o| !o.contains_key(key)) {
                        out.push(format!("{path}: the required key '{key}' is missing"));
                    }
                }
            }
            "properties" => {
                for (key, sub) in rule.as_object().unwrap() {
                    if let Some(v) = value.get(key) {
                        problems(root, sub, v, &format!("{path}.{key}"), out);
                    }
                }
                // The schema leaves objects open for readers (keys may
                // be added within v1); our own output must still
                // describe every key it writes.
                if !rules.contains_key("additionalProperties") {
                    let known = rule.as_object().unwrap();
                    for key in value.as_object().into_iter().flatten().map(|(k, _)| k) {
                        if !known.contains_key(key) {
                            out.push(format!("{path}: undescribed key '{key}'"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                let known = rules.get("properties").and_then(Value::as_object);
                for (key, v) in value.as_object().into_iter().flatten() {
                    if known.is_some_and(|k| k.contains_key(key)) {
                        continue;
                    }
                    match rule {
                        Value::Bool(false) => out.push(format!("{path}: unknown key '{key}'")),
                        sub => problems(root, sub, v, &format!("{path}.{key}"), out),
                    }
                }
            }
            "maxItems"
                if value
                    .as_array()
                    .is_some_and(|a| a.len() as u64 > rule.as_u64().unwrap()) =>
            {
                out.push(format!("{path}: more than {rule} items"))
            }
            "items" => {
                for (i, v) in value.as_array().into_iter().flatten().enumerate() {
                    problems(root, rule, v, &format!("{path}[{i}]"), out);
                }
            }
            "minimum" if value.as_f64().is_some_and(|v| v < rule.as_f64().unwrap()) => {
                out.push(format!("{path}: {value} is under {rule}"))
            }
            "maximum" if value.as_f64().is_some_and(|v| v > rule.as_f64().unwrap()) => {
                out.push(format!("{path}: {value} is over {rule}"))
            }
            "pattern" => {
                let pattern = regex::Regex::new(rule.as_str().unwrap()).unwrap();
                if value.as_str().is_some_and(|s| !pattern.is_match(s)) {
                    out.push(format!("{path}: {value} does not match {rule}"));
                }
            }
            "oneOf" => {
                // Exactly one of the schemas must match. One problem for
                // the value, holding each schema's own problems.
                let each: Vec<Vec<String>> = (rule.as_array().unwrap().iter())
                    .map(|sub| {
                        let mut found = Vec::new();
                        problems(root, sub, value, path, &mut found);
                        found
                    })
                    .collect();
                let matched = each.iter().filter(|p| p.is_empty()).count();
                if matched != 1 {
                    let why: Vec<String> = (each.iter().enumerate())
                        .map(|(i, p)| format!("[{i}] {}", p.join("; ")))
                        .collect();
                    out.push(format!(
                        "{path}: matches {matched} of the oneOf schemas, not exactly one ({})",
                        why.join(" | ")
                    ));
                }
            }
            "const" | "enum" | "minimum" | "maximum" | "maxItems" => {}
            other => out.push(format!("{path}: the check does not know '{other}'")),
        }
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_u64() || value.is_i64(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}
