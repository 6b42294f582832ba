//! Stoplight Prism, an independent validator, as a mock server for contract tests.
//!
//! [`Prism::start`] installs Prism with `npm ci` into `tests/prism/node_modules` (ignored by git;
//! versions pinned by `tests/prism/package-lock.json`) the first time it is needed, starts it on
//! 127.0.0.1 on a free port with one of our spec files, waits until it listens, and collects its
//! log. Dropping the [`Prism`] kills that process (by its own process id) and reaps it, also when
//! the test panics; if the test process dies without unwinding, the kernel kills Prism with it
//! (`PR_SET_PDEATHSIG`). Concurrent test processes install once (a lock file). Nothing is
//! skipped: when Node.js or npm is missing, or the registry cannot be reached,
//! [`Prism::start`] panics with that message.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::free_port;

/// How long Prism may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long to wait for Prism's log to show the outcome of a request.
const LOG_TIMEOUT: Duration = Duration::from_secs(10);
/// Log line of a request that passed every validation rule.
pub const PASSED: &str = "The request passed the validation rules";
/// Log line of a request that broke a validation rule (error or warning).
pub const FAILED: &str = "Request did not pass the validation rules";

/// A running Prism mock server.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:PORT` (Prism serves the spec's paths without the server's `/v1`).
    pub base_url: String,
    log: Arc<Mutex<Vec<String>>>,
}

/// The folder Prism is installed in.
fn install_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prism")
}

/// Installs Prism once per test process; the result is shared by every test.
fn prism_entry_point() -> &'static Path {
    static ENTRY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match ENTRY.get_or_init(install) {
        Ok(path) => path,
        Err(message) => panic!("{message}"),
    }
}

fn install() -> Result<PathBuf, String> {
    let dir = install_dir();
    let entry = dir.join("node_modules/@stoplight/prism-cli/dist/index.js");
    let node = Command::new("node").arg("--version").output();
    match node {
        Ok(out) if out.status.success() => {}
        _ => {
            return Err(
                "the contract tests need Node.js (20 or later) on PATH to run Stoplight Prism"
                    .to_owned(),
            )
        }
    }
    // Test processes running at once (`cargo nextest`) install one after the other.
    let lock_file = std::fs::File::create(dir.join(".install.lock"))
        .map_err(|e| format!("cannot create {}: {e}", dir.join(".install.lock").display()))?;
    // SAFETY: `flock` on a descriptor this function owns; released when the file is dropped.
    if unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&lock_file), libc::LOCK_EX) } != 0 {
        return Err(format!(
            "cannot lock the Prism install: {}",
            std::io::Error::last_os_error()
        ));
    }
    let lock = dir.join("package-lock.json");
    let installed_lock = dir.join("node_modules/.package-lock.json");
    let fresh = entry.exists()
        && match (std::fs::metadata(&lock), std::fs::metadata(&installed_lock)) {
            (Ok(a), Ok(b)) => a.modified().ok() <= b.modified().ok(),
            _ => false,
        };
    if fresh {
        return Ok(entry);
    }
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("could not run npm to install Stoplight Prism: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "npm could not install Stoplight Prism into {} (is the npm registry reachable?):\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if !entry.exists() {
        return Err(format!(
            "npm ci succeeded but {} is missing",
            entry.display()
        ));
    }
    Ok(entry)
}

/// Spawns `command` from one thread that lives as long as the test process: the kernel sends
/// `PR_SET_PDEATHSIG` when the *thread* that spawned a child ends, and tests start Prism from
/// short-lived threads.
fn spawn(command: Command) -> std::io::Result<Child> {
    type Request = (Command, std::sync::mpsc::Sender<std::io::Result<Child>>);
    static SPAWNER: OnceLock<Mutex<std::sync::mpsc::Sender<Request>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (send, receive) = std::sync::mpsc::channel::<Request>();
        std::thread::spawn(move || {
            for (mut command, reply) in receive {
                let _ = reply.send(command.spawn());
            }
        });
        Mutex::new(send)
    });
    let (reply, answer) = std::sync::mpsc::channel();
    spawner
        .lock()
        .unwrap()
        .send((command, reply))
        .expect("the spawner thread runs");
    answer.recv().expect("the spawner thread answers")
}

fn collect(stream: impl std::io::Read + Send + 'static, log: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            log.lock().unwrap().push(line);
        }
    });
}

impl Prism {
    /// Starts Prism's mock server for `spec` (a file name in the repository's `spec/`).
    pub fn start(spec: &str) -> Prism {
        let entry = prism_entry_point();
        let spec_path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec")
            .join(spec);
        assert!(spec_path.exists(), "no spec file {}", spec_path.display());
        // The free port is found by binding and releasing it, so another process may take it
        // before Prism binds it: then Prism exits at once, and another port is tried.
        let mut failures = Vec::new();
        for _ in 0..5 {
            match Self::try_start(entry, &spec_path) {
                Ok(prism) => return prism,
                Err(log) => failures.push(log),
            }
        }
        panic!(
            "Prism did not start in 5 attempts:\n{}",
            failures.join("\n---\n")
        );
    }

    /// Starts Prism on one port; `Err` with its log if it exits before listening.
    fn try_start(entry: &Path, spec_path: &Path) -> Result<Prism, String> {
        let port = free_port();
        let mut command = Command::new("node");
        // SAFETY: `prctl` is async-signal-safe; it only asks the kernel to kill the child when
        // this process dies, so a test killed without unwinding leaves no server behind.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        command
            .arg(entry)
            .args(["mock", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(spec_path)
            // `NODE_ENV=production` makes Prism fork a worker, which would outlive a kill.
            .env_remove("NODE_ENV")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = spawn(command).expect("start Prism with node");
        let log = Arc::new(Mutex::new(Vec::new()));
        collect(child.stdout.take().expect("stdout"), log.clone());
        collect(child.stderr.take().expect("stderr"), log.clone());
        let prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
        };
        Self::wait(prism, port, Instant::now())
    }

    fn wait(mut prism: Prism, port: u16, started: Instant) -> Result<Prism, String> {
        loop {
            if prism.log_text(0).contains("Prism is listening")
                && TcpStream::connect(("127.0.0.1", port)).is_ok()
            {
                return Ok(prism);
            }
            if let Ok(Some(status)) = prism.child.try_wait() {
                // Let the log readers take the last lines.
                std::thread::sleep(Duration::from_millis(50));
                return Err(format!(
                    "Prism exited ({status}) before listening on port {port}:\n{}",
                    prism.log_text(0)
                ));
            }
            assert!(
                started.elapsed() < START_TIMEOUT,
                "Prism did not listen on port {port} within {START_TIMEOUT:?}:\n{}",
                prism.log_text(0)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Prism's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How many log lines there are so far: a mark for [`log_text`](Self::log_text).
    pub fn mark(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    /// The log from line `from` on.
    pub fn log_text(&self, from: usize) -> String {
        let log = self.log.lock().unwrap();
        log.get(from..).unwrap_or_default().join("\n")
    }

    /// Waits until the log after `mark` tells how Prism judged one request ([`PASSED`] or
    /// [`FAILED`]) and the response went out, and returns that part of the log.
    pub fn judgement_since(&self, mark: usize) -> String {
        let started = Instant::now();
        loop {
            let text = self.log_text(mark);
            let judged = text.contains(PASSED) || text.contains(FAILED);
            let answered = text.contains("Responding with") || text.contains("Request terminated");
            if (judged && answered) || started.elapsed() > LOG_TIMEOUT {
                return text;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // `Child::kill` signals this process id only; `wait` reaps it so no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
