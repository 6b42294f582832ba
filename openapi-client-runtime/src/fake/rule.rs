//! What a test sets for one operation: the answers in order, when they apply, how often.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use super::{error_body, Fake, FakeOperation, Media, Outcome, RawRequest, Spec};

/// One answer: status, headers, body.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl Reply {
    /// `status` with the JSON error body `{"code": code, "message": message}`.
    pub(crate) fn error(status: u16, code: &str, message: &str) -> Self {
        Reply {
            status,
            headers: json_type(),
            body: error_body(code, message),
        }
    }
}

type Dynamic = Arc<dyn Fn(&RawRequest) -> Reply + Send + Sync>;
type Matcher = Arc<dyn Fn(&RawRequest) -> bool + Send + Sync>;

/// How one step answers.
#[derive(Clone)]
pub(crate) enum Action {
    Reply(Reply),
    Dynamic(Dynamic),
    Reset,
}

/// What modifies an answer: a wait before it, headers added, its body cut short.
#[derive(Clone, Default)]
pub(crate) struct Mods {
    pub(crate) delay: Duration,
    pub(crate) truncate: bool,
    pub(crate) headers: Vec<(String, String)>,
}

/// One step of a rule: its answer and the faults on it.
#[derive(Clone)]
pub(crate) struct Step {
    pub(crate) action: Action,
    pub(crate) mods: Mods,
}

impl Mods {
    fn is_empty(&self) -> bool {
        self.delay.is_zero() && !self.truncate && self.headers.is_empty()
    }
}

impl Step {
    fn new(action: Action, mods: Mods) -> Self {
        Step { action, mods }
    }

    /// What the fake does with `raw`; a panic of the test's answer function is an error with
    /// its message.
    pub(crate) fn outcome(&self, raw: &RawRequest) -> Result<Outcome, String> {
        let mut reply = match &self.action {
            Action::Reply(reply) => reply.clone(),
            Action::Dynamic(answer) => caught(|| answer(raw))?,
            Action::Reset => {
                return Ok(Outcome::Reset {
                    delay: self.mods.delay,
                })
            }
        };
        for (name, value) in &self.mods.headers {
            reply.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            reply.headers.push((name.clone(), value.clone()));
        }
        Ok(Outcome::Reply {
            reply,
            delay: self.mods.delay,
            truncate: self.mods.truncate,
        })
    }
}

/// `f()`, or the message of its panic.
fn caught<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// A rule as the server keeps it.
pub(crate) struct StoredRule {
    pub(crate) operation: &'static str,
    matcher: Option<Matcher>,
    steps: Vec<Step>,
    limit: Option<usize>,
    used: usize,
}

impl StoredRule {
    /// The next step, if this rule applies to `raw` and is not used up; counts the use. A panic
    /// of the test's matcher is an error with its message.
    pub(crate) fn take(&mut self, raw: &RawRequest) -> Result<Option<Step>, String> {
        if self.operation != raw.operation || self.limit.is_some_and(|limit| self.used >= limit) {
            return Ok(None);
        }
        if let Some(matcher) = &self.matcher {
            if !caught(|| matcher(raw))? {
                return Ok(None);
            }
        }
        let Some(step) = self
            .steps
            .get(self.used.min(self.steps.len().saturating_sub(1)))
        else {
            return Ok(None);
        };
        self.used += 1;
        Ok(Some(step.clone()))
    }
}

/// The answers of one operation `O`, set by [`Fake::on`]: each request the rule applies to
/// takes the next answer, and the last one repeats (or, with [`once`](Rule::once) or
/// [`times`](Rule::times), the rule is used up and the rules set before it, then the spec's
/// example, answer). [`header`](Rule::header), [`delay`](Rule::delay) and
/// [`truncate`](Rule::truncate) modify the answer before them (written before every answer,
/// the first one; with no answer at all, the spec's example). The rule takes effect when
/// dropped, at the end of the statement: for example
/// `fake.on::<GetBilling>().error(429, "LIMIT", "slow down").header("retry-after", "0")
/// .answer(bill);` answers a 429, then `bill` to every later request. A rule kept in a variable
/// takes effect when the variable goes out of scope.
///
/// The functions a rule is given ([`when`](Rule::when), [`answer_with`](Rule::answer_with)) run
/// on the fake's thread; a panic in one is answered 500 and fails the test like a request the
/// spec does not allow.
pub struct Rule<'f, O: FakeOperation> {
    fake: &'f Fake,
    matcher: Option<Matcher>,
    steps: Vec<Step>,
    /// The modifiers written before any answer: the first answer's.
    pending: Mods,
    limit: Limit,
    operation: PhantomData<fn() -> O>,
}

/// How many requests a rule answers.
#[derive(Clone, Copy)]
enum Limit {
    Always,
    /// Each of its answers once.
    Once,
    Times(usize),
}

impl<'f, O: FakeOperation> Rule<'f, O> {
    pub(crate) fn new(fake: &'f Fake) -> Self {
        Rule {
            fake,
            matcher: None,
            steps: Vec::new(),
            pending: Mods::default(),
            limit: Limit::Always,
            operation: PhantomData,
        }
    }

    fn spec() -> &'static Spec {
        O::spec()
    }

    fn push(mut self, action: Action) -> Self {
        let mods = if self.steps.is_empty() {
            std::mem::take(&mut self.pending)
        } else {
            Mods::default()
        };
        self.steps.push(Step::new(action, mods));
        self
    }

    /// Forgets everything set, so that dropping the rule registers nothing.
    fn disarm(&mut self) {
        self.steps.clear();
        self.matcher = None;
        self.pending = Mods::default();
        self.limit = Limit::Always;
    }

    /// The modifiers of the last answer, or of the first one when none is set yet.
    fn mods(&mut self) -> &mut Mods {
        match self.steps.last_mut() {
            Some(step) => &mut step.mods,
            None => &mut self.pending,
        }
    }

    /// Applies only to requests whose typed record satisfies `matches` (a request whose
    /// record cannot be read never matches); a second `when` adds a condition (both must
    /// hold). `matches` runs while the fake chooses an answer, holding its state: it must not
    /// call the fake (nor a [`Credentials`](super::Credentials) handle) and should not block.
    pub fn when(mut self, matches: impl Fn(&O::Request) -> bool + Send + Sync + 'static) -> Self {
        let before = self.matcher.take();
        self.matcher = Some(Arc::new(move |raw| {
            before.as_ref().is_none_or(|before| before(raw))
                && O::record(raw)
                    .map(|request| matches(&request))
                    .unwrap_or(false)
        }));
        self
    }

    /// Answers a success with `value`, encoded as the operation's response.
    #[track_caller]
    pub fn answer(self, value: O::Response) -> Self {
        let reply = success(Self::spec(), &value);
        self.push(Action::Reply(reply))
    }

    /// Answers a success with what `answer` makes of each request's typed record. `answer` runs
    /// on the fake's own thread, which serves every request: it should not block.
    pub fn answer_with(
        self,
        answer: impl Fn(&O::Request) -> O::Response + Send + Sync + 'static,
    ) -> Self {
        let spec = Self::spec();
        self.push(Action::Dynamic(Arc::new(move |raw| match O::record(raw) {
            Ok(request) => success(spec, &answer(&request)),
            Err(why) => Reply::error(400, "FAKE_BAD_REQUEST", &why),
        })))
    }

    /// Answers with the spec's example (the default answer), as a step of a sequence.
    pub fn example(self) -> Self {
        self.push(Action::Reply(example_reply(Self::spec())))
    }

    /// Answers `status` with the JSON error body `{"code": code, "message": message}`.
    pub fn error(self, status: u16, code: &str, message: &str) -> Self {
        self.push(Action::Reply(Reply::error(status, code, message)))
    }

    /// Answers `status` with no body.
    pub fn status(self, status: u16) -> Self {
        self.push(Action::Reply(Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }))
    }

    /// Answers `status` with `body` as it is, of media type `content_type`. A success
    /// (`2xx`) of a JSON operation must decode as its response type: see
    /// [`try_raw`](Rule::try_raw).
    ///
    /// # Panics
    /// When the body does not decode, with the message of [`try_raw`](Rule::try_raw).
    #[track_caller]
    pub fn raw(self, status: u16, content_type: &str, body: impl Into<Bytes>) -> Self
    where
        O::Response: serde::de::DeserializeOwned,
    {
        match self.try_raw(status, content_type, body) {
            Ok(rule) => rule,
            Err(why) => panic!("{why}"),
        }
    }

    /// Like [`raw`](Rule::raw), but a success body of a JSON operation that does not decode as
    /// its response type is refused: the error names the operation and the JSON path.
    pub fn try_raw(
        mut self,
        status: u16,
        content_type: &str,
        body: impl Into<Bytes>,
    ) -> Result<Self, String>
    where
        O::Response: serde::de::DeserializeOwned,
    {
        let body = body.into();
        let spec = Self::spec();
        if (200..300).contains(&status) && spec.media == Media::Json {
            if let Err(e) = serde_json::from_slice::<O::Response>(&body) {
                // A refused rule sets nothing, not even what came before in its chain.
                self.disarm();
                return Err(format!(
                    "the raw answer of `{}` does not fit its response type at `{}`: {e}",
                    spec.operation.id,
                    crate::json_error_path(&body, &e)
                ));
            }
        }
        Ok(self.push(Action::Reply(Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body,
        })))
    }

    /// Answers `status` with `body` as it is, of media type `content_type`, unchecked: a
    /// success body the response type cannot decode, to test how the code under test handles
    /// a server that breaks the spec.
    pub fn raw_unchecked(self, status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.push(Action::Reply(Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }))
    }

    /// Resets the connection instead of answering (the client sees a transport error).
    pub fn reset(self) -> Self {
        self.push(Action::Reset)
    }

    /// Sets header `name: value` on the answer before it (see [`Rule`]), replacing one of the
    /// same name (`content-type` included).
    ///
    /// # Panics
    /// When HTTP allows no such header name or value.
    #[track_caller]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Err(e) = hyper::header::HeaderName::from_bytes(name.as_bytes()) {
            panic!("`{name}` cannot be a header name: {e}");
        }
        if let Err(e) = hyper::header::HeaderValue::from_str(value) {
            panic!("`{value}` cannot be the value of header `{name}`: {e}");
        }
        self.mods().headers.push((name.into(), value.into()));
        self
    }

    /// Waits `delay` before the answer before it (or the reset).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.mods().delay = delay;
        self
    }

    /// Sends only the first half of the body of the answer before it, the whole length
    /// announced, then closes the connection; an empty body is announced as one byte and not
    /// sent.
    pub fn truncate(mut self) -> Self {
        self.mods().truncate = true;
        self
    }

    /// The rule gives each of its answers once, in order, then is used up (wherever `once` is
    /// written in the chain).
    pub fn once(mut self) -> Self {
        self.limit = Limit::Once;
        self
    }

    /// The rule answers `times` requests (the last answer repeating), then is used up.
    pub fn times(mut self, times: usize) -> Self {
        self.limit = Limit::Times(times);
        self
    }

    /// Answers `value` over `pages` pages: the items of the page (the list itself, or the
    /// property of the page that holds them) are spread over them in order, evenly, each page
    /// but the last naming the next one's key (its number: `1`, `2`, …) in the paging header.
    /// Each page counts as one answer (for [`once`](Rule::once), the whole listing once). The
    /// request's page size (`limit`) is not read.
    ///
    /// # Panics
    /// When the operation does not page, or `value` has no such list.
    #[track_caller]
    pub fn pages(self, value: O::Response, pages: usize) -> Self {
        let spec = Self::spec();
        let Some(paging) = &spec.paging else {
            panic!(
                "`{}` does not page (the spec gives it no next-key header)",
                spec.operation.id
            );
        };
        let whole = encode(spec, &value);
        let items = match paging.items {
            Some(field) => whole.get(field),
            None => Some(&whole),
        };
        let Some(items) = items.and_then(|v| v.as_array()).cloned() else {
            panic!(
                "the answer of `{}` has no list of items to page (`{}`)",
                spec.operation.id,
                paging.items.unwrap_or(".")
            );
        };
        // Exactly `pages` pages, the items spread evenly (the first pages have one fewer when
        // they do not divide; a page may be empty when there are fewer items than pages).
        let count = pages.max(1);
        let chunks: Vec<Vec<serde_json::Value>> = (0..count)
            .map(|i| items[i * items.len() / count..(i + 1) * items.len() / count].to_vec())
            .collect();
        // The keys are the pages' numbers (`1`, `2`, …), which a string or an integer key holds.
        let page: Dynamic = Arc::new(move |raw| {
            let index = match raw.query::<String>(paging.param) {
                Ok(None) => Some(0),
                Ok(Some(key)) => key.parse::<usize>().ok().filter(|n| (1..count).contains(n)),
                Err(_) => None,
            };
            let Some(index) = index else {
                let why = format!("`{}` is not a key this fake gave", paging.param);
                return Reply::error(400, "FAKE_BAD_PAGE_KEY", &why);
            };
            let page_items =
                serde_json::Value::Array(chunks.get(index).cloned().unwrap_or_default());
            let page = match paging.items {
                Some(field) => {
                    let mut page = whole.clone();
                    page[field] = page_items;
                    page
                }
                None => page_items,
            };
            let mut headers = json_type();
            if index + 1 < count {
                headers.push((paging.header.into(), (index + 1).to_string()));
            }
            Reply {
                status: spec.status,
                headers,
                body: Bytes::from(page.to_string()),
            }
        });
        (0..count).fold(self, |rule, _| rule.push(Action::Dynamic(page.clone())))
    }
}

impl<O: FakeOperation> Drop for Rule<'_, O> {
    fn drop(&mut self) {
        let nothing_set = self.steps.is_empty()
            && self.matcher.is_none()
            && matches!(self.limit, Limit::Always)
            && self.pending.is_empty();
        if nothing_set {
            return;
        }
        if self.steps.is_empty() {
            let mods = std::mem::take(&mut self.pending);
            self.steps
                .push(Step::new(Action::Reply(example_reply(Self::spec())), mods));
        }
        let limit = match self.limit {
            Limit::Always => None,
            Limit::Once => Some(self.steps.len()),
            Limit::Times(times) => Some(times),
        };
        self.fake.add_rule(StoredRule {
            operation: Self::spec().operation.id,
            matcher: self.matcher.take(),
            steps: std::mem::take(&mut self.steps),
            limit,
            used: 0,
        });
    }
}

fn json_type() -> Vec<(String, String)> {
    vec![("content-type".into(), "application/json".into())]
}

/// The spec's example as a success answer (an empty body when the operation has none).
pub(crate) fn example_reply(spec: &Spec) -> Reply {
    match spec.example {
        Some(example) => Reply {
            status: spec.status,
            headers: json_type(),
            body: Bytes::from_static(example.as_bytes()),
        },
        None => Reply {
            status: spec.status,
            headers: Vec::new(),
            body: Bytes::new(),
        },
    }
}

/// `value` as the success body of `spec`.
#[track_caller]
fn success<T: serde::Serialize>(spec: &Spec, value: &T) -> Reply {
    let json = encode(spec, value);
    let (headers, body) = match (spec.media, json) {
        (Media::None, _) => (Vec::new(), Bytes::new()),
        (Media::Text, serde_json::Value::String(text)) => (
            vec![("content-type".into(), "text/plain; charset=utf-8".into())],
            Bytes::from(text),
        ),
        (Media::Bytes, serde_json::Value::Array(items)) => (
            vec![("content-type".into(), "application/octet-stream".into())],
            items
                .iter()
                .filter_map(|b| b.as_u64().map(|b| b as u8))
                .collect(),
        ),
        (_, json) => (json_type(), Bytes::from(json.to_string())),
    };
    Reply {
        status: spec.status,
        headers,
        body,
    }
}

/// `value` as JSON. Generated models always encode; a hand-written type that cannot is a
/// mistake in the test, reported where it is set.
#[track_caller]
fn encode<T: serde::Serialize>(spec: &Spec, value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_else(|e| {
        panic!(
            "the answer set for `{}` cannot be encoded as JSON: {e}",
            spec.operation.id
        )
    })
}
