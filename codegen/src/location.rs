//! Where something is in the specs: which input file, and the JSON pointer (RFC 6901) of the
//! node in it. Every error and warning the builder makes names one of these.

/// A node of one spec file: the file's index among the inputs and a JSON pointer such as
/// `#/paths/~1bills/get`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Index of the spec file among the inputs.
    pub file: usize,
    /// JSON pointer to the node, starting with `#`.
    pub pointer: String,
}

impl Location {
    /// The root of file `file` (`#`).
    pub fn root(file: usize) -> Self {
        Location {
            file,
            pointer: "#".to_owned(),
        }
    }

    /// The entry `name` of `#/components/<section>` of file `file`.
    pub fn component(file: usize, section: &str, name: &str) -> Self {
        let mut pointer = String::with_capacity(14 + section.len() + name.len());
        pointer.push_str("#/components/");
        pointer.push_str(section);
        pointer.push('/');
        push_token(&mut pointer, name);
        Location { file, pointer }
    }

    /// The child `token` of this node (a map key or a keyword), escaped as RFC 6901 says.
    pub fn join(&self, token: &str) -> Self {
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + token.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        push_token(&mut pointer, token);
        Location {
            file: self.file,
            pointer,
        }
    }

    /// The element `index` of this node, a list.
    pub fn index(&self, index: usize) -> Self {
        use std::fmt::Write;
        let mut pointer = String::with_capacity(self.pointer.len() + 4);
        pointer.push_str(&self.pointer);
        // Writing to a `String` cannot fail.
        let _ = write!(pointer, "/{index}");
        Location {
            file: self.file,
            pointer,
        }
    }

    /// The node that contains this one (the root is its own parent).
    pub fn parent(&self) -> Self {
        let pointer = match self.pointer.rsplit_once('/') {
            Some((parent, _)) => parent.to_owned(),
            None => self.pointer.clone(),
        };
        Location {
            file: self.file,
            pointer,
        }
    }
}

/// Escapes one JSON-pointer token (RFC 6901): `~` is written `~0` and `/` is written `~1`.
pub fn pointer_token(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    push_token(&mut out, raw);
    out
}

fn push_token(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped() {
        assert_eq!(pointer_token("/bills/{yyyyMM}"), "~1bills~1{yyyyMM}");
        assert_eq!(pointer_token("a~/b"), "a~0~1b");
        assert_eq!(pointer_token("~1"), "~01");
        assert_eq!(pointer_token(""), "");
    }

    #[test]
    fn join_index_parent() {
        let root = Location::root(2);
        assert_eq!(root.pointer, "#");
        let op = root.join("paths").join("/bills/{id}").join("get");
        assert_eq!(op.pointer, "#/paths/~1bills~1{id}/get");
        assert_eq!(op.file, 2);
        let param = op.join("parameters").index(10);
        assert_eq!(param.pointer, "#/paths/~1bills~1{id}/get/parameters/10");
        assert_eq!(param.parent().parent(), op);
        assert_eq!(root.parent(), root);
        assert_eq!(root.join("").pointer, "#/");
        assert_eq!(root.join("m~n/o").pointer, "#/m~0n~1o");
    }

    #[test]
    fn components() {
        let schema = Location::component(0, "schemas", "a/b~c");
        assert_eq!(schema.pointer, "#/components/schemas/a~1b~0c");
        assert_eq!(
            schema,
            Location::root(0)
                .join("components")
                .join("schemas")
                .join("a/b~c")
        );
    }
}
