//! Which operation a request is for: its path matched against the operations' path templates,
//! and its query string read into pairs. Both decode percent-escapes strictly: text that is not
//! UTF-8 once decoded is an error, never replaced.

use super::Spec;

/// Path parameters by name, percent-decoded.
pub(crate) type Params = Vec<(&'static str, String)>;

/// The operation of `specs` whose method and path template `path` matches, and its path
/// parameters. Templates may put parameters inside a segment (`/reports/{id}.csv`,
/// `/{a}-{b}`). When several match, the most literal wins, segment by segment from the left: a
/// whole literal segment before one that mixes text and parameters, before a bare parameter
/// (`/bills/latest` is not `/bills/{yyyyMM}`, `/a/b/{y}` wins over `/a/{x}/c`), so the choice
/// never depends on the order of the table. `Err` when a segment is not UTF-8 once decoded.
pub(crate) fn route(
    specs: &'static [&'static Spec],
    method: &str,
    path: &str,
) -> Result<Option<(&'static Spec, Params)>, String> {
    let mut segments = Vec::new();
    for raw in path.split('/') {
        segments.push(
            decode(raw)
                .map_err(|_| format!("path segment `{raw}` is not UTF-8 text once decoded"))?,
        );
    }
    let mut best: Option<(Vec<u8>, &'static Spec, Params)> = None;
    for spec in specs {
        if spec.operation.method.as_str() != method {
            continue;
        }
        let template: Vec<&'static str> = spec.operation.path.split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let mut rank = Vec::with_capacity(template.len());
        let matched = template.iter().zip(&segments).all(|(t, s)| {
            let pieces = pieces(t);
            rank.push(match pieces.as_slice() {
                [Piece::Literal(_)] | [] => 2,
                [Piece::Param(_)] => 0,
                _ => 1,
            });
            match_pieces(&pieces, s, &mut params)
        });
        if matched && best.as_ref().is_none_or(|(most, _, _)| rank > *most) {
            best = Some((rank, spec, params));
        }
    }
    Ok(best.map(|(_, spec, params)| (spec, params)))
}

/// A part of one segment of a path template.
#[derive(Debug, PartialEq)]
enum Piece {
    Literal(&'static str),
    Param(&'static str),
}

/// The pieces of template segment `segment`: `{id}.csv` is a parameter, then `.csv`.
fn pieces(segment: &'static str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}').map(|e| start + e) else {
            break;
        };
        if start > 0 {
            pieces.push(Piece::Literal(&rest[..start]));
        }
        pieces.push(Piece::Param(&rest[start + 1..end]));
        rest = &rest[end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    pieces
}

/// Whether `text` (a decoded segment) matches `pieces`, each parameter taking at least one
/// character (trying the shortest first, then longer ones); the captures go to `params`.
fn match_pieces(pieces: &[Piece], text: &str, params: &mut Params) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Literal(literal), rest)) => text
            .strip_prefix(literal)
            .is_some_and(|text| match_pieces(rest, text, params)),
        Some((Piece::Param(name), rest)) => {
            let ends = text
                .char_indices()
                .map(|(i, _)| i)
                .skip(1)
                .chain([text.len()]);
            for end in ends {
                if end == 0 {
                    continue;
                }
                let before = params.len();
                params.push((name, text[..end].to_owned()));
                if match_pieces(rest, &text[end..], params) {
                    return true;
                }
                params.truncate(before);
            }
            false
        }
    }
}

/// `text` with its percent-escapes decoded, `Err` when the result is not UTF-8.
fn decode(text: &str) -> Result<String, std::str::Utf8Error> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
}

/// The pairs of a query string (`a=1&b=x%20y`, `+` a space), in order; `Err` naming the first
/// name or value that is not UTF-8 once decoded.
pub(crate) fn query_pairs(query: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded = |text: &str| {
            decode(&text.replace('+', " "))
                .map_err(|_| format!("query `{pair}` is not UTF-8 text once decoded"))
        };
        pairs.push((decoded(name)?, decoded(value)?));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captured(template: &'static str, text: &str) -> Option<Vec<(&'static str, String)>> {
        let mut params = Vec::new();
        match_pieces(&pieces(template), text, &mut params).then_some(params)
    }

    #[test]
    fn parameters_inside_a_segment_are_captured() {
        assert_eq!(
            captured("{id}.csv", "42.csv"),
            Some(vec![("id", "42".into())])
        );
        assert_eq!(
            captured("{id}.csv", "a.b.csv"),
            Some(vec![("id", "a.b".into())])
        );
        assert_eq!(
            captured("{a}-{b}", "x-y-z"),
            Some(vec![("a", "x".into()), ("b", "y-z".into())])
        );
        assert_eq!(
            captured("{id}:cancel", "7:cancel"),
            Some(vec![("id", "7".into())])
        );
        assert_eq!(
            captured("{id}.csv", ".csv"),
            None,
            "a parameter is never empty"
        );
        assert_eq!(captured("résumé", "résumé"), Some(vec![]));
        assert_eq!(captured("{id}", ""), None);
    }

    #[test]
    fn queries_decode_strictly() {
        assert_eq!(
            query_pairs("a=1&b=x%20y+z&c&d=%E8%AB%8B").unwrap(),
            [
                ("a".to_owned(), "1".to_owned()),
                ("b".into(), "x y z".into()),
                ("c".into(), String::new()),
                ("d".into(), "請".into())
            ]
        );
        assert_eq!(
            query_pairs("a=%FF").unwrap_err(),
            "query `a=%FF` is not UTF-8 text once decoded"
        );
    }
}
