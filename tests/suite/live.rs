//! `annals watch` and `annals serve` against the real binary: watch re-runs `check` and
//! the command after `--` when a file changes and stops on SIGINT with exit 0; serve is
//! fetched with a real HTTP client (ureq), the page's version changes after a file
//! does, only GET and HEAD are answered, other paths are 404, a taken port is a clear
//! error, and it listens on 127.0.0.1 only.
//!
//! Waiting is bounded by a guard (a minute without the awaited output fails the test
//! with what was printed), never asserted on.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::suite::common::annals_process;
use crate::suite::test::binary;

/// How long a test waits for output it expects before it fails, as a guard.
const GUARD: Duration = Duration::from_secs(60);

const KB: &str = r#"Chronicle(
    title: "Live",
    actors: [Actor(id: "a", name: "A", sources: ["s"])],
    sources: [Source(id: "s", title: "S")],
    events: [
        Event(id: "first", title: "The first event", date: "2020", actors: [("a", subject)], sources: ["s"]),
    ],
)
"#;

/// The KB with a second event.
fn changed_kb() -> String {
    KB.replace(
        "    ],\n)",
        "        Event(id: \"second\", title: \"The second event\", date: \"2021\", actors: [(\"a\", subject)], sources: [\"s\"]),\n    ],\n)",
    )
}

/// Returns a temporary directory holding `kb/kb.ron`.
fn live_kb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir(dir.path().join("kb")).expect("mkdir");
    std::fs::write(dir.path().join("kb/kb.ron"), KB).expect("write");
    dir
}

/// Sends each line `from` prints to a channel.
fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Reads lines into `seen` until one equals `line`; fails after [`GUARD`] without it.
fn await_line(from: &Receiver<String>, line: &str, seen: &mut Vec<String>) {
    loop {
        match from.recv_timeout(GUARD) {
            Ok(got) => {
                let done = got == line;
                seen.push(got);
                if done {
                    return;
                }
            }
            Err(_) => panic!("no line `{line}`; printed so far:\n{}", seen.join("\n")),
        }
    }
}

/// A child process that is killed if the test ends before it does (a failed test
/// leaves no server or watch running).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Sends SIGINT to `child` (as Ctrl-C does) and returns its exit code.
fn interrupt(child: &mut Child) -> Option<i32> {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    child.wait().expect("exits").code()
}

#[test]
fn watch_reruns_check_and_the_command_on_a_change_and_stops_on_sigint() {
    let dir = live_kb();
    let mut running = Running(
        annals_process()
            .current_dir(dir.path())
            .args(["--data", "kb", "watch", "--", "timeline", "--format", "csv"])
            .spawn()
            .expect("watch starts"),
    );
    let child = &mut running.0;
    let err = lines(child.stderr.take().expect("stderr"));
    let out = lines(child.stdout.take().expect("stdout"));
    let (mut errs, mut outs) = (Vec::new(), Vec::new());
    await_line(&out, FIRST, &mut outs);
    // A lock or any file but a `*.ron` one is no change: only `kb.ron` is named below.
    std::fs::write(dir.path().join("kb/.annals.lock"), "").expect("write");
    std::fs::write(dir.path().join("kb/notes.txt"), "x").expect("write");
    std::fs::write(dir.path().join("kb/kb.ron"), changed_kb()).expect("write");
    await_line(&out, SECOND, &mut outs);
    assert_eq!(interrupt(child), Some(0));
    errs.extend(err.iter());
    outs.extend(out.iter());
    assert_eq!(
        errs.join("\n"),
        "watching `kb` (Ctrl-C stops); running `annals check` and `annals timeline --format csv`\n\
         kb in 1 file: 1 actor, 0 places, 1 source, 1 event, 0 relations\n\
         ok\n\
         changed: kb.ron\n\
         kb in 1 file: 1 actor, 0 places, 1 source, 2 events, 0 relations\n\
         ok\n\
         stopped watching"
    );
    assert_eq!(
        outs,
        [HEADER, FIRST, HEADER, FIRST, SECOND].map(String::from)
    );
}

const HEADER: &str =
    "id,date,start,end,inferred,duration,kind,title,actors,place,tags,sources,status";
const FIRST: &str =
    "first,2020,2020-01-01,2020-12-31,false,,event,The first event,a:subject,,,s,stated";
const SECOND: &str =
    "second,2021,2021-01-01,2021-12-31,false,,event,The second event,a:subject,,,s,stated";

/// A running `annals serve` and the address it printed.
struct Served {
    child: Running,
    base: String,
    port: u16,
}

fn serve(dir: &Path) -> Served {
    let mut child = annals_process()
        .current_dir(dir)
        .args(["--data", "kb", "serve", "--port", "0"])
        .spawn()
        .expect("serve starts");
    let out = lines(child.stdout.take().expect("stdout"));
    let first = out.recv_timeout(GUARD).expect("serve prints its address");
    let base = first
        .strip_prefix("serving `kb` at ")
        .and_then(|rest| rest.strip_suffix(" (Ctrl-C stops)"))
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_string();
    let port = base
        .strip_prefix("http://127.0.0.1:")
        .and_then(|p| p.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {base}"));
    Served {
        child: Running(child),
        base,
        port,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Fetches `url` and returns its status, content type and body.
fn get(url: &str) -> (u16, String, String) {
    let mut response = agent().get(url).call().expect("a response");
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response.body_mut().read_to_string().expect("a body");
    (response.status().as_u16(), kind, body)
}

#[test]
fn serve_answers_a_real_client_and_the_page_reloads_after_a_change() {
    let dir = live_kb();
    let mut served = serve(dir.path());
    let base = served.base.clone();
    let (status, kind, page) = get(&base);
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("<title>Live</title>"), "{page}");
    assert!(page.contains("The first event") && !page.contains("The second event"));
    assert!(page.contains("fetch(\"/_annals/version\"") && page.contains("var v = \"0\""));
    assert_eq!(get(&format!("{base}_annals/version")).2, "0");
    std::fs::write(dir.path().join("kb/kb.ron"), changed_kb()).expect("write");
    let mut tries = 0;
    while get(&format!("{base}_annals/version")).2 == "0" {
        tries += 1;
        assert!(tries < 600, "the version did not change after a file did");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, _, page) = get(&base);
    assert!(page.contains("The second event"), "{page}");
    assert!(page.contains("var v = \"1\""), "{page}");
    // A KB with an error: the page shows it, escaped, and still reloads.
    std::fs::write(
        dir.path().join("kb/kb.ron"),
        KB.replace("\"2020\"", "\"2020-13\""),
    )
    .expect("write");
    while get(&format!("{base}_annals/version")).2 == "1" {
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, _, page) = get(&base);
    assert_eq!(status, 200);
    assert!(
        page.contains("error[invalid-date]") && page.contains("&quot;2020-13&quot;"),
        "{page}"
    );
    // Only GET and HEAD, only the page and its version.
    let head = agent().head(&base).call().expect("HEAD answered");
    assert_eq!(head.status().as_u16(), 200);
    let post = agent().post(&base).send_empty().expect("POST answered");
    assert_eq!(post.status().as_u16(), 405);
    assert_eq!(
        post.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET, HEAD")
    );
    assert_eq!(get(&format!("{base}kb.ron")).0, 404);
    assert_eq!(get(&format!("{base}favicon.ico")).0, 404);
    assert_eq!(
        raw_status(served.port, "GET /../kb/kb.ron HTTP/1.1"),
        "HTTP/1.1 404 Not Found"
    );
    assert_eq!(
        raw_status(served.port, "PUT / HTTP/1.1"),
        "HTTP/1.1 405 Method Not Allowed"
    );
    assert!(listens_on_loopback_only(served.port));
    assert_eq!(interrupt(&mut served.child.0), Some(0));
}

/// Sends `request_line` over a raw connection and returns the status line.
fn raw_status(port: u16, request_line: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
    write!(
        stream,
        "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .expect("sends");
    let mut answer = String::new();
    BufReader::new(stream)
        .read_line(&mut answer)
        .expect("reads");
    answer.trim_end().to_string()
}

/// Returns true when the only listening socket on `port` (in `/proc/net/tcp` and
/// `tcp6`) is bound to 127.0.0.1.
fn listens_on_loopback_only(port: u16) -> bool {
    let port = format!(":{port:04X}");
    let mut addresses = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // Field 3 is the state; 0A is LISTEN.
            if fields.len() > 3 && fields[1].ends_with(&port) && fields[3] == "0A" {
                addresses.push(fields[1].to_string());
            }
        }
    }
    assert!(!addresses.is_empty(), "no listening socket on port{port}");
    addresses.iter().all(|a| a == &format!("0100007F{port}"))
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let dir = live_kb();
    let mut served = serve(dir.path());
    let output = std::process::Command::new(binary())
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["--data", "kb", "serve", "--port", &served.port.to_string()])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error[request]: cannot serve on 127.0.0.1:{}: Address already in use (os error 98)\n \
             = help: choose another port with `--port N`, or `--port 0` for a free one\n\n",
            served.port
        )
    );
    assert!(output.stdout.is_empty());
    assert_eq!(interrupt(&mut served.child.0), Some(0));
}
