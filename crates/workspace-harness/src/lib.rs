//! Test fixtures shared by the workspace's crates: the sample events under `events/`, and a
//! stand-in for the Lambda Runtime API that runs a real function binary the way Lambda does.

#[cfg(feature = "databases")]
pub mod databases;

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// The workspace's `events/` directory.
pub fn events_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events")
}

/// Every sample event: one per trigger source (sorted), then the variants (sorted).
///
/// # Panics
///
/// When `events/` cannot be read or holds fewer than the twelve sources.
pub fn event_files() -> Vec<PathBuf> {
    let mut files = source_event_files();
    files.extend(json_files(&events_dir().join("variants")));
    files
}

/// The sample event of each trigger source, `events/<triggerSource>.json`, sorted.
///
/// # Panics
///
/// When `events/` cannot be read or holds fewer than the twelve sources.
pub fn source_event_files() -> Vec<PathBuf> {
    let files = json_files(&events_dir());
    assert!(
        files.len() >= 12,
        "expected the sample events, found {}",
        files.len()
    );
    files
}

/// The `.json` files directly in `dir`, sorted.
///
/// # Panics
///
/// When `dir` cannot be read.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// The bytes of a sample event, by path relative to `events/`.
///
/// # Panics
///
/// When the file cannot be read.
pub fn event_bytes(name: &str) -> Vec<u8> {
    let path = events_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A sample event as JSON.
///
/// # Panics
///
/// When the file cannot be read or is not JSON.
pub fn event_json(name: &str) -> Value {
    serde_json::from_slice(&event_bytes(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Milliseconds since the Unix epoch.
pub fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |now| u64::try_from(now.as_millis()).unwrap_or(u64::MAX))
}

/// What a function posted back: `(path, body)` of each POST (`…/response`, `…/error`).
pub type Posts = Arc<Mutex<Vec<(String, String)>>>;

/// A minimal Lambda Runtime API on loopback: hands out its events in order on `/next`, records
/// every POST, and leaves later `/next` calls waiting.
#[derive(Debug)]
pub struct RuntimeApi {
    /// `host:port`, for `AWS_LAMBDA_RUNTIME_API`.
    pub address: String,
    /// What the function posted.
    pub posts: Posts,
    /// How many requests the function made.
    pub requests: Arc<Mutex<usize>>,
    /// How many of the next `/next` requests get their connection closed without an answer (a
    /// Runtime API fault).
    pub drops: Arc<Mutex<usize>>,
}

impl RuntimeApi {
    /// Starts serving `events` on a free loopback port.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound.
    pub async fn start(events: Vec<Value>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("address").to_string();
        let posts: Posts = Arc::default();
        let queue = Arc::new(Mutex::new(
            events
                .into_iter()
                .map(|event| event.to_string())
                .collect::<Vec<_>>(),
        ));
        let requests = Arc::new(Mutex::new(0));
        let drops = Arc::new(Mutex::new(0));
        let (record, count, dropping) = (
            Arc::clone(&posts),
            Arc::clone(&requests),
            Arc::clone(&drops),
        );
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(
                    socket,
                    Arc::clone(&queue),
                    Arc::clone(&record),
                    Arc::clone(&count),
                    Arc::clone(&dropping),
                ));
            }
        });
        Self {
            address,
            posts,
            requests,
            drops,
        }
    }
}

async fn serve(
    mut socket: TcpStream,
    queue: Arc<Mutex<Vec<String>>>,
    record: Posts,
    count: Arc<Mutex<usize>>,
    drops: Arc<Mutex<usize>>,
) {
    let mut buffer = Vec::new();
    loop {
        let Some((head, body)) = read_request(&mut socket, &mut buffer).await else {
            return;
        };
        *count.lock().expect("count") += 1;
        let mut words = head.split_whitespace();
        let (method, path) = (
            words.next().unwrap_or(""),
            words.next().unwrap_or("").to_owned(),
        );
        let reply = if method == "GET" && path.ends_with("/invocation/next") {
            {
                let mut drops = drops.lock().expect("drops");
                if *drops > 0 {
                    *drops -= 1;
                    return; // the connection closes without an answer
                }
            }
            let next = {
                let mut queue = queue.lock().expect("queue");
                (!queue.is_empty()).then(|| queue.remove(0))
            };
            let Some(event) = next else {
                // No more events: let the function wait until it is stopped.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            };
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 Lambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd\r\n\
                 Lambda-Runtime-Deadline-Ms: {}\r\n\
                 Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:test\r\n\
                 Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\n\
                 Content-Length: {}\r\n\r\n{event}",
                now_unix_ms() + 30_000,
                event.len()
            )
        } else {
            record.lock().expect("record").push((path, body));
            "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}".to_owned()
        };
        if socket.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Reads one HTTP/1.1 request (head, then `Content-Length` bytes of body) from `socket`.
async fn read_request(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(String, String)> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        read_more(socket, buffer).await?;
    };
    let head = String::from_utf8_lossy(buffer.get(..head_end)?).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        read_more(socket, buffer).await?;
    }
    let body = String::from_utf8_lossy(buffer.get(head_end..head_end + length)?).into_owned();
    buffer.drain(..head_end + length);
    Some((head, body))
}

async fn read_more(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 4096];
    match socket.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(read) => {
            buffer.extend_from_slice(chunk.get(..read)?);
            Some(())
        }
    }
}

/// How a function run under [`run_function`] went.
#[derive(Debug)]
pub struct Run {
    /// What it posted to the Runtime API.
    pub posts: Vec<(String, String)>,
    /// How many requests it made to the Runtime API.
    pub requests: usize,
    /// Its exit status, when it exited by itself (a serving function is stopped instead).
    pub exit: Option<ExitStatus>,
    /// Standard output: the function's JSON log lines.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The JSON log records on standard output (other lines skipped).
    pub fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// The records at `level` (`"ERROR"`, `"INFO"`, …).
    pub fn records_at(&self, level: &str) -> Vec<Value> {
        self.records()
            .into_iter()
            .filter(|record| record["level"] == level)
            .collect()
    }
}

/// Starts `binary` as Lambda would (the four runtime variables, `vars` on top, no inherited
/// `AWS_*`, `LEGACY_*`, `PRE_SIGN_UP_*`, `CUSTOM_MESSAGE_*`, custom sender settings or `RUST_LOG`), feeds it `events`,
/// and stops it once it posted an answer to each (or exited, or `wait` passed).
///
/// # Panics
///
/// When the binary cannot be started.
pub async fn run_function(
    binary: &str,
    vars: &[(&str, &str)],
    events: Vec<Value>,
    wait: Duration,
) -> Run {
    run_function_after_drops(binary, vars, events, wait, 0).await
}

/// As [`run_function`], but the Runtime API first closes `drops` `/next` connections without an
/// answer (a dropped connection), then serves normally.
///
/// # Panics
///
/// When the binary cannot be started.
pub async fn run_function_after_drops(
    binary: &str,
    vars: &[(&str, &str)],
    events: Vec<Value>,
    wait: Duration,
    drops: usize,
) -> Run {
    let expected = events.len();
    let api = RuntimeApi::start(events).await;
    *api.drops.lock().expect("drops") = drops;
    let mut command = tokio::process::Command::new(binary);
    for (name, _) in std::env::vars() {
        if [
            "AWS_",
            "LEGACY_",
            "PRE_SIGN_UP_",
            "CUSTOM_MESSAGE_",
            "PASSWORD_POLICY_",
            "CUSTOM_SENDER_",
            "CUSTOM_EMAIL_SENDER_",
            "CUSTOM_SMS_SENDER_",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix))
            || name == "RUST_LOG"
        {
            command.env_remove(name);
        }
    }
    command
        .env("AWS_LAMBDA_FUNCTION_NAME", "test-function")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_RUNTIME_API", &api.address)
        .env("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/aws-credentials",
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("start the function");
    let start = Instant::now();
    let exit = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if api.posts.lock().expect("posts").len() >= expected || start.elapsed() > wait {
            // Give the last log lines a moment, then stop it.
            tokio::time::sleep(Duration::from_millis(100)).await;
            let _ = child.start_kill();
            break None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let output = child.wait_with_output().await.expect("output");
    let posts = api.posts.lock().expect("posts").clone();
    let requests = *api.requests.lock().expect("requests");
    Run {
        posts,
        requests,
        exit,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `command` with `input` on its standard input and collects its output.
///
/// # Panics
///
/// When the command cannot be started or waited for.
pub fn output_with_stdin(
    command: &mut std::process::Command,
    input: &[u8],
) -> std::process::Output {
    use std::io::Write as _;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    if let Some(mut stdin) = child.stdin.take() {
        // A command that exits before reading closes the pipe; its output still tells why.
        let _ = stdin.write_all(input);
    }
    child.wait_with_output().expect("the command finishes")
}

/// An in-memory log sink: clones share one buffer. Hand `move || buffer.clone()` to a
/// tracing writer and read what was logged with [`LogBuffer::contents`].
#[derive(Clone, Debug, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    /// Everything written so far, as text.
    pub fn contents(&self) -> String {
        let bytes = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The endpoint of the local AWS emulator (`scripts/moto.sh start`, from `MOTO_ENDPOINT_URL`).
/// `None` (the caller skips its test, the reason printed) only outside CI: with `CI=true` a
/// missing emulator fails the test.
///
/// # Panics
///
/// When `CI=true` and `MOTO_ENDPOINT_URL` is unset.
pub fn moto_endpoint() -> Option<String> {
    if let Some(url) = std::env::var("MOTO_ENDPOINT_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
    {
        return Some(url.trim().to_owned());
    }
    assert!(
        !std::env::var("CI").is_ok_and(|ci| ci.eq_ignore_ascii_case("true")),
        "MOTO_ENDPOINT_URL is not set and CI=true: the tests against the local AWS emulator must \
         run in CI (scripts/test.sh starts it with scripts/moto.sh)"
    );
    eprintln!(
        "skipped: MOTO_ENDPOINT_URL is not set; run `export MOTO_ENDPOINT_URL=\"$(scripts/moto.sh start)\"` to include this test"
    );
    None
}

/// Starts `binary` as a function that should refuse to start: a clean environment with only
/// `PATH`, `AWS_LAMBDA_FUNCTION_NAME=x` and `vars`. Returns its one line on standard error,
/// after checking that it exited with a failure and that the line reads as a sentence: not
/// Rust's `Debug` shape (`Config { name: … }`) and no runs of spaces.
///
/// # Panics
///
/// When the binary cannot be started, succeeds, or its standard error is not one such line.
pub fn refusal_line(binary: &str, vars: &[(&str, &str)]) -> String {
    let mut command = std::process::Command::new(binary);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_LAMBDA_FUNCTION_NAME", "x")
        .envs(vars.iter().copied())
        .stdin(Stdio::null());
    // Test fixture: the binary is one cargo just built for this test, so failing to spawn it is
    // a broken test setup, and the panic is that test's failure.
    let output = command.output().expect("the function starts");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "it started: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|line| !line.is_empty()).collect();
    let [line] = lines.as_slice() else {
        panic!("expected one line on standard error, got:\n{stderr}");
    };
    assert!(
        !line.contains('{') && !line.contains("Config"),
        "Debug output: {line}"
    );
    assert!(!line.contains("  "), "a run of spaces: {line}");
    (*line).to_owned()
}
