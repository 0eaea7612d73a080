//! Parameters as Mastodon accepts them: from the query string, a URL-encoded or
//! multipart form, or a JSON body, all merged (the body wins); `key[]` makes a
//! list and `key[sub]` a nested object; unknown parameters are ignored.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::AppError;

/// Request parameters, deserialised from every place a client may put them.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut merged = Map::new();
        if let Some(query) = request.uri().query() {
            insert_pairs(&mut merged, url::form_urlencoded::parse(query.as_bytes()));
        }
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(request, state)
                .await
                .map_err(|_| AppError::bad_request("error-body-invalid"))?;
            while let Some(field) = multipart.next_field().await.map_err(body_error)? {
                let Some(name) = field.name().map(str::to_owned) else {
                    continue;
                };
                // Files are taken by the endpoints that accept them, not here.
                if field.file_name().is_some() {
                    continue;
                }
                let text = field.text().await.map_err(body_error)?;
                insert_pairs(&mut merged, std::iter::once((name.into(), text.into())));
            }
        } else {
            let body = axum::body::Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                    _ => AppError::bad_request("error-body-invalid"),
                })?;
            let looks_like_json =
                content_type.contains("json") || (content_type.is_empty() && body.first().is_some_and(|b| *b == b'{'));
            if looks_like_json && !body.is_empty() {
                match serde_json::from_slice::<Value>(&body) {
                    Ok(Value::Object(object)) => merged.extend(object),
                    Ok(_) | Err(_) => return Err(AppError::bad_request("error-json-invalid")),
                }
            } else if !body.is_empty() {
                insert_pairs(&mut merged, url::form_urlencoded::parse(&body));
            }
        }
        serde_json::from_value(Value::Object(merged)).map(Params).map_err(|e| {
            AppError::BadRequest(crate::i18n::Message::new("error-params-invalid").with("detail", e.to_string()))
        })
    }
}

fn body_error(_: axum::extract::multipart::MultipartError) -> AppError {
    AppError::bad_request("error-body-invalid")
}

/// Puts `name=value` pairs into `map`, reading brackets in names as Rails does.
fn insert_pairs<'a, I>(map: &mut Map<String, Value>, pairs: I)
where
    I: IntoIterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
{
    for (name, value) in pairs {
        let (base, path) = split_brackets(&name);
        insert_path(map, base, &path, Value::String(value.into_owned()));
    }
}

/// `a[b][]` → ("a", ["b", ""]).
fn split_brackets(name: &str) -> (&str, Vec<&str>) {
    let Some(open) = name.find('[') else {
        return (name, Vec::new());
    };
    let base = &name[..open];
    let mut rest = &name[open..];
    let mut path = Vec::new();
    while let Some(stripped) = rest.strip_prefix('[') {
        let Some(close) = stripped.find(']') else {
            break;
        };
        path.push(&stripped[..close]);
        rest = &stripped[close + 1..];
    }
    (base, path)
}

fn insert_path(map: &mut Map<String, Value>, key: &str, path: &[&str], value: Value) {
    match path.split_first() {
        None => {
            map.insert(key.to_owned(), value);
        }
        Some((&"", rest)) => {
            let entry = map.entry(key.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
            if !entry.is_array() {
                *entry = Value::Array(Vec::new());
            }
            if let Value::Array(list) = entry {
                if rest.is_empty() {
                    list.push(value);
                } else {
                    // `a[][b]=1&a[][c]=2`: start a new element when the key repeats.
                    let start_new = match list.last() {
                        Some(Value::Object(last)) => rest.first().is_some_and(|k| last.contains_key(*k)),
                        _ => true,
                    };
                    if start_new {
                        list.push(Value::Object(Map::new()));
                    }
                    if let Some(Value::Object(last)) = list.last_mut() {
                        insert_path(last, rest[0], &rest[1..], value);
                    }
                }
            }
        }
        Some((sub, rest)) => {
            let entry = map.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(inner) = entry {
                insert_path(inner, sub, rest, value);
            }
        }
    }
}

/// Deserialisers that accept what forms send (`"true"`, `"1"`, `"on"`) as well as JSON's types.
pub mod lenient {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    fn to_bool(value: &Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => Some(n.as_i64().unwrap_or(0) != 0),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "on" | "yes" => Some(true),
                "false" | "0" | "off" | "no" | "" => Some(false),
                _ => None,
            },
            Value::Null => None,
            _ => None,
        }
    }

    pub fn opt_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match value {
            Value::Null => Ok(None),
            other => to_bool(&other)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("expected a boolean")),
        }
    }

    pub fn opt_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(None),
            Value::Number(n) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("expected an integer")),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::String(s) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| serde::de::Error::custom("expected an integer")),
            _ => Err(serde::de::Error::custom("expected an integer")),
        }
    }

    /// A string, or a list of strings (joined by newlines): `redirect_uris` comes both ways.
    /// Numbers are read as their text, as Rails reads them (`choices: [0, 2]`, `group_ids: [7]`).
    pub fn string_or_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(Vec::new()),
            Value::String(s) => Ok(vec![s]),
            Value::Number(n) => Ok(vec![n.to_string()]),
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(serde::de::Error::custom("expected strings")),
                })
                .collect(),
            _ => Err(serde::de::Error::custom("expected a string or a list of strings")),
        }
    }

    /// As `string_or_list`, telling an absent field (`None`, with
    /// `#[serde(default)]`) from an empty list.
    pub fn opt_string_or_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
        string_or_list(deserializer).map(Some)
    }

    /// Scopes as a space-separated string or a list.
    pub fn scopes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        let list = string_or_list(deserializer)?;
        Ok((!list.is_empty()).then(|| list.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(query: &str) -> Value {
        let mut map = Map::new();
        insert_pairs(&mut map, url::form_urlencoded::parse(query.as_bytes()));
        Value::Object(map)
    }

    #[test]
    fn brackets_make_lists_and_objects() {
        assert_eq!(parse("a=1&b=2"), json!({"a": "1", "b": "2"}));
        assert_eq!(parse("uris[]=x&uris[]=y"), json!({"uris": ["x", "y"]}));
        assert_eq!(
            parse("source[language]=it&source[note]=hi"),
            json!({"source": {"language": "it", "note": "hi"}})
        );
        assert_eq!(
            parse("fields_attributes[0][name]=a&fields_attributes[0][value]=b"),
            json!({"fields_attributes": {"0": {"name": "a", "value": "b"}}})
        );
        assert_eq!(
            parse("f[][name]=a&f[][value]=b&f[][name]=c"),
            json!({"f": [{"name": "a", "value": "b"}, {"name": "c"}]})
        );
        assert_eq!(parse("scope=read+write"), json!({"scope": "read write"}));
    }

    #[test]
    fn lenient_values_are_read() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "lenient::opt_bool")]
            b: Option<bool>,
            #[serde(default, deserialize_with = "lenient::opt_i64")]
            n: Option<i64>,
            #[serde(default, deserialize_with = "lenient::string_or_list")]
            l: Vec<String>,
        }
        let t: T = serde_json::from_value(json!({"b": "1", "n": "42", "l": "x"})).unwrap();
        assert_eq!((t.b, t.n, t.l), (Some(true), Some(42), vec!["x".to_owned()]));
        let t: T = serde_json::from_value(json!({"b": false, "n": 7, "l": ["x", "y"]})).unwrap();
        assert_eq!((t.b, t.n, t.l.len()), (Some(false), Some(7), 2));
        assert!(serde_json::from_value::<T>(json!({"b": "maybe"})).is_err());
    }
}
