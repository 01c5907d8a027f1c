//! `annals lsp` spoken to over JSON-RPC as an editor does: the real binary in a copy
//! of a small KB, `Content-Length` framed messages on its stdin and stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use super::common::{annals_process, snapshot, temp_kb};

/// A guard against a server that never answers: the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(120);

const PEOPLE: &str = r#"Chronicle(
    allow: ["no-source"],
    actors: [
        Actor(id: "navalny", name: "Alexei Navalny", kind: person),
        Actor(id: "yulia", name: "Юлия Навальная 🙂", kind: person),
    ],
)
"#;

const EVENTS: &str = r#"Chronicle(
    events: [
        Event(id: "arrest", title: "Arrest at the airport", date: "2021-01-17", kind: arrest,
              actors: [("navalny", subject)]),
        Event(id: "sentencing", title: "Sentencing", date: "2021-02-02", kind: verdict,
              actors: [("navalny", defendant), ("yulia", witness)]),
        Event(id: "protests", title: "Protests", kind: protest),
    ],
    relations: [
        Relation(from: "sentencing", kind: causes, to: "protests"),
    ],
)
"#;

/// A running server and what it has said.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    next_id: i64,
    dir: tempfile::TempDir,
}

/// Reads framed messages from the server's stdout until it closes.
fn read_messages(out: impl Read, to: std::sync::mpsc::Sender<Value>) {
    let mut out = BufReader::new(out);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match out.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        if out.read_exact(&mut body).is_err() {
            return;
        }
        let value = serde_json::from_slice(&body).expect("the server writes JSON");
        if to.send(value).is_err() {
            return;
        }
    }
}

impl Client {
    /// Starts `annals lsp` in a fresh KB of `files`, and initializes it.
    fn start(files: &[(&str, &str)]) -> Client {
        Client::start_with(files, json!({}))
    }

    fn start_with(files: &[(&str, &str)], capabilities: Value) -> Client {
        let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
        let dir = temp_kb(&bytes);
        let mut child = annals_process()
            .arg("--data")
            .arg(dir.path())
            .arg("lsp")
            .stdin(Stdio::piped())
            .spawn()
            .expect("annals lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (to, from_server) = channel();
        std::thread::spawn(move || read_messages(stdout, to));
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            from_server,
            next_id: 0,
            dir,
        };
        let init = client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        assert!(init["result"]["capabilities"].is_object(), "{init}");
        client.notify("initialized", json!({}));
        client
    }

    fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().expect("the KB exists")
    }

    fn uri(&self, relative: &str) -> String {
        format!("file://{}/{relative}", self.root().display())
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("the server reads");
        stdin.flush().expect("flushed");
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("JSON");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend(body);
        self.send_raw(&framed);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response, passing over notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// Returns the next message from the server that `matches`.
    fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .from_server
                .recv_timeout(PATIENCE)
                .expect("the server answers");
            if matches(&message) {
                return message;
            }
        }
    }

    /// Returns the next diagnostics published for `relative`.
    fn diagnostics(&mut self, relative: &str) -> Vec<Value> {
        let uri = self.uri(relative);
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, relative: &str, text: &str) {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "ron", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, relative: &str, version: i64, text: &str) {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    fn at(&self, relative: &str, line: u32, character: u32) -> Value {
        json!({"textDocument": {"uri": self.uri(relative)},
               "position": {"line": line, "character": character}})
    }

    /// Shuts the server down as an editor does.
    fn finish(mut self) -> Finished {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        self.notify("exit", Value::Null);
        self.close()
    }

    /// Closes stdin and waits for the server to exit.
    fn close(mut self) -> Finished {
        drop(self.stdin.take());
        let output = self.child.wait_with_output().expect("the server exits");
        Finished {
            status: output.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            dir: self.dir,
        }
    }
}

/// How the server ended, and the KB it ran in.
struct Finished {
    status: i32,
    stderr: String,
    dir: tempfile::TempDir,
}

impl Finished {
    /// Asserts a clean exit with `status` and nothing on stderr.
    fn assert_quiet(&self, status: i32) {
        assert_eq!((self.status, self.stderr.as_str()), (status, ""));
    }
}

/// Returns the zero-based line and UTF-16 column of the `nth` occurrence of `needle`.
fn position_of(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let byte = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("needle");
    let line_start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let column = text[line_start..byte].encode_utf16().count();
    (line as u32, column as u32)
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

fn kb() -> Vec<(&'static str, &'static str)> {
    vec![("people.ron", PEOPLE), ("events.ron", EVENTS)]
}

#[test]
fn initialize_announces_the_features_and_negotiates_utf8() {
    Client::start(&kb()).finish().assert_quiet(0);

    let mut client = Client::start_with(&kb(), json!({}));
    let answer = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    // A second `initialize` is answered too (the state stays as it was).
    assert!(answer["result"]["capabilities"].is_object());
    let caps = &answer["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    for feature in [
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "hoverProvider",
        "renameProvider",
        "codeActionProvider",
        "documentSymbolProvider",
    ] {
        assert!(!caps[feature].is_null(), "{feature} in {caps}");
    }
    client.finish().assert_quiet(0);

    let mut client = Client::start_with(
        &kb(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    let answer = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null,
               "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(
        answer["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    client.finish().assert_quiet(0);
}

#[test]
fn diagnostics_follow_the_buffer_with_exact_ranges_and_clear_when_fixed() {
    let mut client = Client::start(&kb());
    // A reference after Cyrillic text and an emoji: columns count UTF-16 units.
    let broken = EVENTS.replace(
        r#"title: "Protests", kind: protest)"#,
        r#"title: "Протесты 🙂", kind: protest, actors: [("navalni", organizer)])"#,
    );
    client.open("events.ron", &broken);
    let diags = client.diagnostics("events.ron");
    let (line, column) = position_of(&broken, r#""navalni""#, 0);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "dangling-reference");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["range"], range(line, column, column + 9));
    assert!(
        diags[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("help: did you mean `navalny`?")),
        "{}",
        diags[0]
    );
    client.change("events.ron", 2, EVENTS);
    assert_eq!(client.diagnostics("events.ron"), Vec::<Value>::new());
    client.finish().assert_quiet(0);

    // The same file with UTF-8 columns: bytes.
    let mut client =
        Client::start_with(&kb(), json!({"general": {"positionEncodings": ["utf-8"]}}));
    client.open("events.ron", &broken);
    let diags = client.diagnostics("events.ron");
    let byte = broken.find(r#""navalni""#).expect("reference");
    let line_start = broken[..byte].rfind('\n').map_or(0, |i| i + 1) as u32;
    let column = byte as u32 - line_start;
    assert_eq!(diags[0]["range"], range(line, column, column + 9));
    client.finish().assert_quiet(0);
}

#[test]
fn a_rename_half_typed_in_one_buffer_shows_in_the_other_files() {
    let mut client = Client::start(&kb());
    // Only `people.ron` is open; `events.ron` stays on disk.
    client.open("people.ron", PEOPLE);
    assert_eq!(client.diagnostics("people.ron"), Vec::<Value>::new());
    let renamed = PEOPLE.replace(r#"id: "navalny""#, r#"id: "naval""#);
    client.change("people.ron", 2, &renamed);
    let diags = client.diagnostics("events.ron");
    let codes: Vec<&Value> = diags.iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, ["dangling-reference", "dangling-reference"]);
    let (line, column) = position_of(EVENTS, r#""navalny""#, 0);
    assert_eq!(diags[0]["range"], range(line, column, column + 9));
    // Typed back: the other file is cleared.
    client.change("people.ron", 3, PEOPLE);
    assert_eq!(client.diagnostics("events.ron"), Vec::<Value>::new());
    // A time contradiction, as `check` reports it.
    let contradicting = EVENTS.replace(
        "    ],\n)",
        "        Relation(from: \"sentencing\", kind: before, to: \"arrest\"),\n    ],\n)",
    );
    client.open("events.ron", &contradicting);
    let diags = client.diagnostics("events.ron");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "contradiction");
    assert_eq!(
        diags[0]["relatedInformation"].as_array().map(Vec::len),
        Some(2)
    );
    client.finish().assert_quiet(0);
}

#[test]
fn completion_finds_ids_by_id_or_name_and_terms_and_fields() {
    let mut client = Client::start(&kb());
    let typing = EVENTS.replace(r#"("yulia", witness)"#, r#"("nav"#);
    client.open("events.ron", &typing);
    let (line, column) = position_of(&typing, r#"("nav"#, 0);
    let answer = client.request(
        "textDocument/completion",
        client.at("events.ron", line, column + 5),
    );
    let items = answer["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["navalny"], "{answer}");
    assert_eq!(items[0]["detail"], "actor · Alexei Navalny");
    assert_eq!(
        items[0]["textEdit"]["range"],
        range(line, column + 2, column + 5)
    );
    assert_eq!(items[0]["textEdit"]["newText"], "navalny");

    // By name, in Cyrillic.
    let typing = EVENTS.replace(r#"("yulia", witness)"#, r#"("Юли"#);
    client.change("events.ron", 2, &typing);
    let (line, column) = position_of(&typing, r#"("Юли"#, 0);
    let answer = client.request(
        "textDocument/completion",
        client.at("events.ron", line, column + 5),
    );
    assert_eq!(answer["result"]["items"][0]["label"], "yulia", "{answer}");

    // A role after the actor, an event kind, a field name.
    let typing = EVENTS.replace(r#"("yulia", witness)"#, r#"("yulia", wit"#);
    client.change("events.ron", 3, &typing);
    let (line, column) = position_of(&typing, "wit", 0);
    let answer = client.request(
        "textDocument/completion",
        client.at("events.ron", line, column + 3),
    );
    assert_eq!(answer["result"]["items"][0]["label"], "witness", "{answer}");
    assert_eq!(answer["result"]["items"][0]["detail"], "role");
    let typing = EVENTS.replace("kind: protest)", "kind: prot");
    client.change("events.ron", 4, &typing);
    let (line, column) = position_of(&typing, "kind: prot", 0);
    let answer = client.request(
        "textDocument/completion",
        client.at("events.ron", line, column + 10),
    );
    assert_eq!(answer["result"]["items"][0]["label"], "protest", "{answer}");
    let typing = EVENTS.replace("kind: protest)", "kind: protest, dur");
    client.change("events.ron", 5, &typing);
    let (line, column) = position_of(&typing, "dur", 0);
    let answer = client.request(
        "textDocument/completion",
        client.at("events.ron", line, column + 3),
    );
    assert_eq!(
        answer["result"]["items"][0]["label"], "duration",
        "{answer}"
    );
    assert_eq!(
        answer["result"]["items"][0]["textEdit"]["newText"],
        "duration: "
    );
    client.finish().assert_quiet(0);
}

#[test]
fn definition_references_and_hover_follow_ids_across_files() {
    let mut client = Client::start(&kb());
    client.open("events.ron", EVENTS);
    let (line, column) = position_of(EVENTS, r#""navalny""#, 1);
    let answer = client.request(
        "textDocument/definition",
        client.at("events.ron", line, column + 3),
    );
    let (def_line, def_column) = position_of(PEOPLE, r#""navalny""#, 0);
    assert_eq!(
        answer["result"],
        json!({"uri": client.uri("people.ron"), "range": range(def_line, def_column, def_column + 9)})
    );

    let answer = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": client.uri("events.ron")},
               "position": {"line": line, "character": column + 3},
               "context": {"includeDeclaration": true}}),
    );
    let found: Vec<(String, u64)> = answer["result"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            let file = l["uri"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("");
            (
                file.to_string(),
                l["range"]["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("events.ron".to_string(), 3),
            ("events.ron".to_string(), 5),
            ("people.ron".to_string(), 3)
        ]
    );

    // Hover on the undated event: its inferred dates.
    let (line, column) = position_of(EVENTS, r#""protests""#, 1);
    let answer = client.request(
        "textDocument/hover",
        client.at("events.ron", line, column + 1),
    );
    let text = answer["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.starts_with("**Protests** — event `protests` (protest)"),
        "{text}"
    );
    assert!(text.contains("date: none given"), "{text}");
    assert!(
        text.contains(
            "inferred: starts 2021-02-02 … ?, ends 2021-02-02 … ? (narrowed by inference)"
        ),
        "{text}"
    );
    let (line, column) = position_of(EVENTS, r#""yulia""#, 0);
    let answer = client.request(
        "textDocument/hover",
        client.at("events.ron", line, column + 1),
    );
    let text = answer["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.starts_with("**Юлия Навальная 🙂** — actor `yulia` (person)"),
        "{text}"
    );
    // Between ids: nothing.
    let answer = client.request("textDocument/hover", client.at("events.ron", 0, 0));
    assert_eq!(answer["result"], Value::Null);
    client.finish().assert_quiet(0);
}

#[test]
fn rename_returns_edits_across_files_and_writes_nothing() {
    let mut client = Client::start(&kb());
    let before = snapshot(client.dir.path());
    client.open("people.ron", PEOPLE);
    let (line, column) = position_of(PEOPLE, r#""navalny""#, 0);
    let prepared = client.request(
        "textDocument/prepareRename",
        client.at("people.ron", line, column + 1),
    );
    assert_eq!(
        prepared["result"],
        json!({"range": range(line, column + 1, column + 8), "placeholder": "navalny"})
    );
    let mut params = client.at("people.ron", line, column + 1);
    params["newName"] = json!("alexei-navalny");
    let answer = client.request("textDocument/rename", params.clone());
    let changes = &answer["result"]["changes"];
    let edits_in = |file: &str| {
        changes[client.uri(file)]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(edits_in("people.ron").len(), 1, "{answer}");
    assert_eq!(edits_in("events.ron").len(), 2, "{answer}");
    let (ref_line, ref_column) = position_of(EVENTS, r#""navalny""#, 0);
    assert_eq!(
        edits_in("events.ron")[0],
        json!({"range": range(ref_line, ref_column, ref_column + 9), "newText": "\"alexei-navalny\""})
    );
    // An id that is taken, or not an id, is refused with the reason.
    params["newName"] = json!("yulia");
    let answer = client.request("textDocument/rename", params.clone());
    assert_eq!(answer["error"]["code"], -32803, "{answer}");
    params["newName"] = json!("Not An Id");
    let answer = client.request("textDocument/rename", params);
    assert_eq!(answer["error"]["code"], -32803, "{answer}");
    let finished = client.finish();
    finished.assert_quiet(0);
    assert_eq!(snapshot(finished.dir.path()), before);
}

#[test]
fn code_actions_apply_did_you_mean_and_dates_in_words() {
    let mut client = Client::start(&kb());
    let broken = EVENTS
        .replace(r#"("navalny", subject)"#, r#"("navalni", subject)"#)
        .replace(r#"kind: verdict"#, r#"kind: verdikt"#)
        .replace(r#"date: "2021-01-17""#, r#"date: "17 January 2021""#);
    client.open("events.ron", &broken);
    let diags = client.diagnostics("events.ron");
    assert_eq!(diags.len(), 3, "{diags:?}");
    let fix_at = |client: &mut Client, needle: &str| {
        let (line, column) = position_of(&broken, needle, 0);
        let answer = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": client.uri("events.ron")},
                   "range": range(line, column + 1, column + 1),
                   "context": {"diagnostics": []}}),
        );
        let action = answer["result"][0].clone();
        assert_eq!(action["kind"], "quickfix", "{answer}");
        let edit = action["edit"]["changes"][client.uri("events.ron")][0].clone();
        (action["title"].clone(), edit, line, column)
    };
    let (title, edit, line, column) = fix_at(&mut client, r#""navalni""#);
    assert_eq!(title, "Replace with `navalny`");
    assert_eq!(
        edit,
        json!({"range": range(line, column, column + 9), "newText": "\"navalny\""})
    );
    let (title, edit, line, column) = fix_at(&mut client, "verdikt");
    assert_eq!(title, "Replace with `verdict`");
    assert_eq!(
        edit,
        json!({"range": range(line, column, column + 7), "newText": "verdict"})
    );
    let (title, edit, line, column) = fix_at(&mut client, "17 January 2021");
    assert_eq!(title, "Replace with `2021-01-17`");
    assert_eq!(
        edit,
        json!({"range": range(line, column, column + 15), "newText": "2021-01-17"})
    );
    client.finish().assert_quiet(0);
}

#[test]
fn document_symbols_outline_the_file() {
    let mut client = Client::start(&kb());
    client.open("events.ron", EVENTS);
    let answer = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": client.uri("events.ron")}}),
    );
    let names: Vec<&str> = answer["result"]
        .as_array()
        .expect("symbols")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "arrest",
            "sentencing",
            "protests",
            "sentencing causes protests"
        ]
    );
    client.finish().assert_quiet(0);
}

#[test]
fn bad_input_is_answered_with_errors_and_nothing_is_written() {
    let mut client = Client::start(&kb());
    let before = snapshot(client.dir.path());
    // Not JSON; JSON but not JSON-RPC; invalid UTF-8 inside a buffer's text.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let answer = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(answer["error"]["code"], -32700);
    assert_eq!(answer["id"], Value::Null);
    client.send_raw(b"Content-Length: 20\r\n\r\n{\"id\":7,\"jsonrpc\":1}");
    let answer = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(
        (answer["id"].clone(), answer["error"]["code"].clone()),
        (json!(7), json!(-32600))
    );
    let uri = client.uri("events.ron");
    let mut body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"ron","version":1,"text":"Chronicle("#
    )
    .into_bytes();
    body.extend(b"\xff\xfe)\"}}}");
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend(&body);
    client.send_raw(&framed);
    let answer = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(answer["error"]["code"], -32700);

    // A file outside the KB: refused by name, never read.
    let answer = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///etc/passwd"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(answer["error"]["code"], -32803, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("is not a `.ron` file of the knowledge base")),
        "{answer}"
    );
    // Unknown methods and bad parameters.
    let answer = client.request("textDocument/frobnicate", json!({}));
    assert_eq!(answer["error"]["code"], -32601);
    let answer = client.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(answer["error"]["code"], -32602);

    // 10 MB on one line: checked, with the error at its exact column.
    let long = format!(
        "Chronicle(events: [Event(id: \"long\", title: \"{}\", kind: protst)])\n",
        "x".repeat(10 << 20)
    );
    client.open("long.ron", &long);
    let diags = client.diagnostics("long.ron");
    let (line, column) = position_of(&long, "protst", 0);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"], range(line, column, column + 6));
    let answer = client.request(
        "textDocument/completion",
        client.at("long.ron", 0, column + 4),
    );
    assert_eq!(answer["result"]["items"][0]["label"], "protest");
    let finished = client.finish();
    finished.assert_quiet(0);
    assert_eq!(snapshot(finished.dir.path()), before);
}

#[test]
fn a_client_that_disappears_mid_request_ends_the_server_cleanly() {
    let mut client = Client::start(&kb());
    let before = snapshot(client.dir.path());
    // Half a request, then the pipe closes: the server exits 1 (no `shutdown` came).
    client.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":9,");
    let finished = client.close();
    finished.assert_quiet(1);
    assert_eq!(snapshot(finished.dir.path()), before);
}

/// Returns true when Neovim runs; otherwise skips with a note, or fails when
/// `ANNALS_REQUIRE_NEOVIM=1`.
fn neovim_available() -> bool {
    let ok = std::process::Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("ANNALS_REQUIRE_NEOVIM").is_none_or(|v| v != "1"),
            "ANNALS_REQUIRE_NEOVIM=1 but Neovim (`nvim`) is not installed"
        );
        eprintln!("notice: Neovim (`nvim`) not installed; skipping a test that needs it");
    }
    ok
}

#[test]
fn neovim_attaches_and_shows_diagnostics_and_completions() {
    if !neovim_available() {
        return;
    }
    let events = EVENTS.replace(r#"("navalny", subject)"#, r#"("navalni", subject)"#);
    let dir = temp_kb(&[
        ("people.ron", PEOPLE.as_bytes()),
        ("events.ron", events.as_bytes()),
    ]);
    let before = snapshot(dir.path());
    let out = tempfile::tempdir().expect("temporary directory");
    let report = out.path().join("report.txt");
    let script = super::common::repo().join("tests/fixtures/neovim/attach.lua");
    #[allow(deprecated)]
    let annals = assert_cmd::cargo::cargo_bin("annals");
    let status = std::process::Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("KB", dir.path())
        .env("OUT", &report)
        .env("ANNALS", annals)
        .env("ANNALS_CACHE_DIR", super::common::cache_dir())
        .env("XDG_STATE_HOME", out.path())
        .env("XDG_DATA_HOME", out.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("nvim runs");
    assert!(status.success(), "nvim exited with {status}");
    let written = std::fs::read_to_string(&report).expect("the script wrote its report");
    assert_eq!(
        written,
        "diagnostic 3:24-3:33 dangling-reference no actor has the id `navalni`\n\
         completion navalny (actor · Alexei Navalny)\n"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn hostile_text_is_escaped_in_hover_and_odd_positions_are_answered() {
    let people = PEOPLE.replace(
        r#"name: "Alexei Navalny""#,
        r#"name: "<script>x</script> \u{1b}[31m\u{202e}*bold*""#,
    );
    let mut client = Client::start(&[("people.ron", &people), ("events.ron", EVENTS)]);
    let (line, column) = position_of(&people, r#""navalny""#, 0);
    let answer = client.request(
        "textDocument/hover",
        client.at("people.ron", line, column + 1),
    );
    let text = answer["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.starts_with(
            r"**\<script\>x\</script\> \\u{1b}\[31m\\u{202e}\*bold\*** — actor `navalny` (person)"
        ),
        "{text}"
    );
    // A bare word of Cyrillic letters where a term goes, positions past the end of a
    // line and of the file: answers, not crashes.
    let typing = EVENTS.replace("kind: protest)", "kind: протест");
    client.open("events.ron", &typing);
    let (line, column) = position_of(&typing, "протест", 0);
    for (l, c) in [(line, column + 3), (line, 10_000), (10_000, 0)] {
        let answer = client.request("textDocument/completion", client.at("events.ron", l, c));
        assert!(answer["result"]["items"].is_array(), "{answer}");
        let answer = client.request("textDocument/hover", client.at("events.ron", l, c));
        assert!(answer.get("result").is_some(), "{answer}");
    }
    client.finish().assert_quiet(0);
}
