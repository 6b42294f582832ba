//! The JSON path of a decoding error (`billList[3].amount`), found by scanning the body up to
//! the error's line and column. This replaces wrapping every `Deserialize` impl in a
//! path-tracking deserializer, which would compile all of serde's code for every type twice.

/// One open container while scanning.
enum Frame {
    Object { key: Option<String>, in_value: bool },
    Array { index: usize, started: bool },
}

/// The path of the value read up to 1-based `line` and `column` (serde_json gives the column of
/// the last byte it read) of `body`, or `.` for the
/// top level. `about_container`: the error concerns the object or array the position is in (a
/// missing field), not the value just read.
pub(crate) fn at(body: &[u8], line: usize, column: usize, about_container: bool) -> String {
    let offset = offset_of(body, line, column).min(body.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset {
        match body[i] {
            b'{' => {
                start_value(&mut stack);
                stack.push(Frame::Object {
                    key: None,
                    in_value: false,
                });
            }
            b'[' => {
                start_value(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    started: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b'"' => {
                let (text, end) = string_at(body, i);
                match stack.last_mut() {
                    Some(Frame::Object {
                        key,
                        in_value: false,
                    }) => *key = Some(text),
                    _ => start_value(&mut stack),
                }
                i = end;
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            _ => start_value(&mut stack),
        }
        i += 1;
    }
    // A missing field is reported in front of the closing brace: the last value read is complete
    // and the error is about its container.
    let next = body[offset..].iter().find(|c| !c.is_ascii_whitespace());
    let just_closed = offset > 0 && matches!(body[offset - 1], b'}' | b']');
    if about_container && !just_closed && matches!(next, Some(b',') | Some(b'}') | Some(b']')) {
        match stack.last_mut() {
            Some(Frame::Object { in_value, .. }) => *in_value = false,
            Some(Frame::Array { started, .. }) => *started = false,
            None => {}
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object {
                key: Some(key),
                in_value: true,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array {
                index,
                started: true,
            } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            _ => break,
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

fn start_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { started, .. }) = stack.last_mut() {
        *started = true;
    }
}

/// The string starting at the quote at `start`, and the index just past its closing quote.
fn string_at(body: &[u8], start: usize) -> (String, usize) {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => {
                let raw = &body[start..=i];
                let text = serde_json::from_slice::<String>(raw).unwrap_or_else(|_| {
                    String::from_utf8_lossy(&raw[1..raw.len() - 1]).into_owned()
                });
                return (text, i + 1);
            }
            _ => i += 1,
        }
    }
    (
        String::from_utf8_lossy(&body[start + 1..]).into_owned(),
        body.len(),
    )
}

fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match body[start..].iter().position(|&c| c == b'\n') {
            Some(p) => start += p + 1,
            None => return body.len(),
        }
    }
    start + column
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Bill {
        amount: f64,
        #[serde(default)]
        currency: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        #[serde(rename = "billList")]
        bill_list: Vec<Bill>,
        #[serde(default)]
        tags: std::collections::BTreeMap<String, String>,
    }

    fn path_of(body: &str) -> String {
        let e = serde_json::from_str::<Page>(body).unwrap_err();
        super::at(
            body.as_bytes(),
            e.line(),
            e.column(),
            e.to_string().starts_with("missing field"),
        )
    }

    #[test]
    fn finds_the_failing_value() {
        assert_eq!(
            path_of(r#"{"billList":[{"amount":"not a number"}]}"#),
            "billList[0].amount"
        );
        assert_eq!(
            path_of(r#"{"billList":[{"amount":1},{"amount":2,"currency":5}]}"#),
            "billList[1].currency"
        );
        assert_eq!(
            path_of("{\n  \"billList\": [\n    {\"amount\": 1},\n    {\"amount\": true}\n  ]\n}"),
            "billList[1].amount"
        );
        assert_eq!(
            path_of(r#"{"billList":[{"amount":1},{"currency":"JPY"}]}"#),
            "billList[1]"
        );
        assert_eq!(path_of(r#"{"billList":[],"tags":{"a\"b":7}}"#), "tags.a\"b");
        assert_eq!(path_of(r#"{"billList":{}}"#), "billList");
        assert_eq!(path_of(r#"[1]"#), "[0]");
        assert_eq!(path_of(r#"true"#), ".");
        assert_eq!(path_of(r#"{"tags":{}}"#), ".");
        assert_eq!(path_of(r#"{"billList":[{"amount":1}]} trailing"#), ".");
    }
}
