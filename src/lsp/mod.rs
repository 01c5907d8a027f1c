//! `annals lsp`: a language server (LSP 3.17 over stdio) for the KB's `.ron` files.
//!
//! The server keeps the editor's open buffers, and after each change (debounced)
//! loads the KB with those buffers in place of the files on disk and checks it as
//! `annals check` does, publishing the diagnostics of every file they touch. Requests
//! (completion, definition, references, hover, rename, code actions, symbols) are
//! answered from that checked state. The server never writes a file: rename and
//! code actions return edits for the editor to apply.

mod actions;
mod complete;
mod diagnostics;
mod navigate;
pub mod snapshot;
pub mod text;
pub mod transport;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, Response, ResponseError};
use lsp_types as lsp;
use lsp_types::Uri;
use serde_json::Value;

use crate::load::incremental::ParseCache;
use snapshot::Snapshot;
use text::Encoding;
use transport::Incoming;

/// How long the server waits after a change before checking again, so that a burst
/// of keystrokes costs one check.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// JSON-RPC and LSP error codes the server answers with.
mod code {
    pub const INVALID_REQUEST: i32 = -32600;
    pub const METHOD_NOT_FOUND: i32 = -32601;
    pub const INVALID_PARAMS: i32 = -32602;
    pub const SERVER_NOT_INITIALIZED: i32 = -32002;
    pub const REQUEST_FAILED: i32 = -32803;
}

/// Runs the server on stdin and stdout until the client says `exit` or goes away;
/// returns true when it shut down as the protocol asks (`shutdown`, then `exit`).
pub fn run(data: &Path) -> io::Result<bool> {
    let (to_server, incoming) = mpsc::channel();
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || transport::read_loop(io::stdin().lock(), to_server))?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut server = Server::new(data);
    loop {
        let next = match server.deadline {
            Some(at) => incoming.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Ok(Incoming::Malformed(answer)) => transport::write(&mut out, &answer)?,
            Ok(Incoming::Message(message)) => {
                if let Flow::Exit = server.handle(message, &mut out)? {
                    return Ok(server.shut_down);
                }
            }
            Err(RecvTimeoutError::Timeout) => server.refresh(&mut out)?,
            // The client went away without `exit`.
            Err(RecvTimeoutError::Disconnected) => return Ok(false),
        }
    }
}

/// Whether the server goes on after a message.
enum Flow {
    Continue,
    Exit,
}

/// One open buffer.
struct Doc {
    /// The URI the client names it by.
    uri: Uri,
    /// Its text now.
    text: String,
}

/// The server's state between messages.
struct Server {
    /// The KB directory, absolute.
    root: PathBuf,
    enc: Encoding,
    initialized: bool,
    shut_down: bool,
    /// Open buffers of KB files, by path relative to the KB.
    docs: BTreeMap<String, Doc>,
    /// The last checked state, when the KB could be read.
    snap: Option<Snapshot>,
    /// Each file's reading at the last check, re-used for the files that did not change.
    cache: ParseCache,
    /// When to check again; `None` when the state is current.
    deadline: Option<Instant>,
    /// Files whose last published diagnostics were not empty, by relative path.
    published: BTreeMap<String, Uri>,
    /// The last reason the KB could not be read, shown once.
    load_error: Option<String>,
}

/// A request's failure, sent back as an LSP error.
pub struct Failure {
    code: i32,
    message: String,
}

impl Failure {
    fn params(err: impl std::fmt::Display) -> Failure {
        Failure {
            code: code::INVALID_PARAMS,
            message: format!("invalid parameters: {err}"),
        }
    }

    /// A request the server understood but cannot carry out.
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: code::REQUEST_FAILED,
            message: message.into(),
        }
    }
}

type Answer = Result<Value, Failure>;

impl Server {
    fn new(data: &Path) -> Server {
        Server {
            root: text::absolute(data),
            enc: Encoding::Utf16,
            initialized: false,
            shut_down: false,
            docs: BTreeMap::new(),
            snap: None,
            cache: ParseCache::new(),
            deadline: None,
            published: BTreeMap::new(),
            load_error: None,
        }
    }

    fn handle(&mut self, message: Message, out: &mut impl Write) -> io::Result<Flow> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let answer = self.request(request, out)?;
                let response = match answer {
                    Ok(result) => Response::new_ok(id, result),
                    Err(f) => Response {
                        id,
                        response_result: Err(ResponseError {
                            code: f.code,
                            message: f.message,
                            data: None,
                        }),
                    },
                };
                transport::write_message(out, Message::Response(response))?;
                Ok(Flow::Continue)
            }
            Message::Notification(n) if n.method == "exit" => Ok(Flow::Exit),
            Message::Notification(n) => {
                self.notification(n, out)?;
                Ok(Flow::Continue)
            }
            // The server sends no requests, so a response answers nothing.
            Message::Response(_) => Ok(Flow::Continue),
        }
    }

    fn request(&mut self, request: Request, out: &mut impl Write) -> io::Result<Answer> {
        let Request { method, params, .. } = request;
        if method == "initialize" {
            return Ok(self.initialize(params));
        }
        if !self.initialized {
            return Ok(Err(Failure {
                code: code::SERVER_NOT_INITIALIZED,
                message: "the server is not initialized yet".into(),
            }));
        }
        if self.shut_down {
            return Ok(Err(Failure {
                code: code::INVALID_REQUEST,
                message: "the server is shutting down".into(),
            }));
        }
        if method == "shutdown" {
            self.shut_down = true;
            return Ok(Ok(Value::Null));
        }
        // Every answer is given from the buffers as they are now.
        // Completion alone may answer from the last state (the buffer's own text is
        // read as it is now), so that typing never waits for a whole check.
        let stale_ok = method == "textDocument/completion" && self.snap.is_some();
        if self.deadline.is_some() && !stale_ok {
            self.refresh(out)?;
        }
        Ok(self.feature(&method, params))
    }

    fn feature(&mut self, method: &str, params: Value) -> Answer {
        match method {
            "textDocument/completion" => {
                let p: lsp::CompletionParams = parse(params)?;
                let at = p.text_document_position;
                self.with_file(&at.text_document.uri, |server, snap, relative| {
                    let text = server
                        .docs
                        .get(relative)
                        .map(|d| d.text.as_str())
                        .or_else(|| snap.file(relative).map(|f| &*snap.kb.files().get(f).text))
                        .unwrap_or("");
                    let offset = text::offset(text, at.position, server.enc);
                    Ok(json(complete::complete(snap, text, offset, server.enc)))
                })
            }
            "textDocument/definition" => {
                let p: lsp::GotoDefinitionParams = parse(params)?;
                let at = p.text_document_position_params;
                self.at_site(&at, |nav| nav.definition())
            }
            "textDocument/references" => {
                let p: lsp::ReferenceParams = parse(params)?;
                let declaration = p.context.include_declaration;
                self.at_site(&p.text_document_position, |nav| nav.references(declaration))
            }
            "textDocument/hover" => {
                let p: lsp::HoverParams = parse(params)?;
                self.at_site(&p.text_document_position_params, |nav| nav.hover())
            }
            "textDocument/prepareRename" => {
                let p: lsp::TextDocumentPositionParams = parse(params)?;
                self.at_site(&p, |nav| nav.prepare_rename())
            }
            "textDocument/rename" => {
                let p: lsp::RenameParams = parse(params)?;
                let name = p.new_name;
                self.at_site(&p.text_document_position, |nav| nav.rename(&name))
            }
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams = parse(params)?;
                self.with_file(&p.text_document.uri, |server, snap, relative| {
                    let file = snap.file(relative);
                    let uris = server.uris(snap);
                    Ok(json(file.map(|file| {
                        actions::code_actions(snap, file, p.range, server.enc, &uris)
                    })))
                })
            }
            "textDocument/documentSymbol" => {
                let p: lsp::DocumentSymbolParams = parse(params)?;
                self.with_file(&p.text_document.uri, |server, snap, relative| {
                    Ok(json(
                        snap.file(relative)
                            .map(|file| navigate::symbols(snap, file, server.enc)),
                    ))
                })
            }
            _ => Err(Failure {
                code: code::METHOD_NOT_FOUND,
                message: format!("annals does not answer `{method}`"),
            }),
        }
    }

    /// Runs `answer` for a document of the KB; a document outside it is refused.
    fn with_file(
        &self,
        uri: &Uri,
        answer: impl FnOnce(&Server, &Snapshot, &str) -> Answer,
    ) -> Answer {
        let relative = self.relative(uri).ok_or_else(|| {
            Failure::failed(format!(
                "`{}` is not a `.ron` file of the knowledge base `{}`",
                uri.as_str(),
                self.root.display()
            ))
        })?;
        match &self.snap {
            Some(snap) => answer(self, snap, &relative),
            None => {
                Err(Failure::failed(self.load_error.clone().unwrap_or_else(
                    || "the knowledge base could not be read".into(),
                )))
            }
        }
    }

    /// Runs `answer` on the id occurrence at a position; `null` where there is none.
    fn at_site(
        &self,
        at: &lsp::TextDocumentPositionParams,
        answer: impl FnOnce(&navigate::Nav) -> Answer,
    ) -> Answer {
        self.with_file(&at.text_document.uri, |server, snap, relative| {
            let Some(file) = snap.file(relative) else {
                return Ok(Value::Null);
            };
            let source = snap.kb.files().get(file);
            let byte = text::file_offset(source, at.position, server.enc);
            let Some(site) = snap.site_at(file, byte) else {
                return Ok(Value::Null);
            };
            let uris = server.uris(snap);
            answer(&navigate::Nav {
                snap,
                site,
                enc: server.enc,
                uris: &uris,
            })
        })
    }

    /// Returns the URI of every file of a snapshot: the client's own for open buffers.
    fn uris(&self, snap: &Snapshot) -> Vec<Option<Uri>> {
        snap.kb
            .files()
            .files()
            .map(|(_, f)| match self.docs.get(&f.relative) {
                Some(doc) => Some(doc.uri.clone()),
                None => text::path_uri(&self.root.join(&f.relative)),
            })
            .collect()
    }

    /// Returns the path relative to the KB of a document, when it is a KB file.
    fn relative(&self, uri: &Uri) -> Option<String> {
        text::relative_in(&self.root, &text::uri_path(uri)?)
    }

    fn initialize(&mut self, params: Value) -> Answer {
        let p: lsp::InitializeParams = parse(params)?;
        let offered = p
            .capabilities
            .general
            .and_then(|g| g.position_encodings)
            .unwrap_or_default();
        if offered.contains(&lsp::PositionEncodingKind::UTF8) {
            self.enc = Encoding::Utf8;
        }
        self.initialized = true;
        Ok(json(capabilities(self.enc)))
    }

    fn notification(&mut self, n: Notification, out: &mut impl Write) -> io::Result<()> {
        if !self.initialized || self.shut_down {
            return Ok(());
        }
        match n.method.as_str() {
            "initialized" | "workspace/didChangeWatchedFiles" | "textDocument/didSave" => {
                self.schedule(Duration::ZERO);
            }
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    match self.relative(&doc.uri) {
                        Some(relative) => {
                            self.docs.insert(
                                relative,
                                Doc {
                                    uri: doc.uri,
                                    text: doc.text,
                                },
                            );
                            self.schedule(Duration::ZERO);
                        }
                        None => self.log(
                            out,
                            &format!(
                                "`{}` is not a `.ron` file of the knowledge base `{}`: not checked",
                                doc.uri.as_str(),
                                self.root.display()
                            ),
                        )?,
                    }
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp::DidChangeTextDocumentParams>(n.params)
                    && let Some(relative) = self.relative(&p.text_document.uri)
                    && let Some(doc) = self.docs.get_mut(&relative)
                {
                    for change in p.content_changes {
                        apply_change(&mut doc.text, change, self.enc);
                    }
                    self.schedule(DEBOUNCE);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(n.params)
                    && let Some(relative) = self.relative(&p.text_document.uri)
                    && self.docs.remove(&relative).is_some()
                {
                    self.schedule(Duration::ZERO);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Asks for a check after `delay`, unless one is due sooner.
    fn schedule(&mut self, delay: Duration) {
        let at = Instant::now() + delay;
        self.deadline = Some(match self.deadline {
            Some(due) if delay.is_zero() => due.min(at),
            _ => at,
        });
    }

    /// Checks the KB with the buffers as they are and publishes what changed.
    fn refresh(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.deadline = None;
        let buffers: BTreeMap<String, String> = self
            .docs
            .iter()
            .map(|(relative, doc)| (relative.clone(), doc.text.clone()))
            .collect();
        match Snapshot::build_cached(&self.root, &buffers, &mut self.cache) {
            Ok(snap) => {
                self.load_error = None;
                self.snap = Some(snap);
                self.publish(out)
            }
            Err(err) => {
                let message = err.to_string();
                if self.load_error.as_ref() != Some(&message) {
                    self.show(out, &message)?;
                }
                self.load_error = Some(message);
                Ok(())
            }
        }
    }

    /// Publishes the diagnostics of every file that has some, of every file that had
    /// some (now clear) and of every open buffer.
    fn publish(&mut self, out: &mut impl Write) -> io::Result<()> {
        let Some(snap) = &self.snap else {
            return Ok(());
        };
        let uris = self.uris(snap);
        let mut by_file = diagnostics::by_file(snap, self.enc, &uris);
        let mut now = BTreeMap::new();
        let mut targets: BTreeSet<String> = self.published.keys().cloned().collect();
        targets.extend(self.docs.keys().cloned());
        for (file, diags) in &by_file {
            if !diags.is_empty() {
                targets.insert(snap.kb.files().get(*file).relative.clone());
            }
        }
        for relative in targets {
            let file = snap.file(&relative);
            let uri = match (
                file.and_then(|f| uris[f.0 as usize].clone()),
                self.docs.get(&relative),
            ) {
                (Some(uri), _) => uri,
                (None, Some(doc)) => doc.uri.clone(),
                (None, None) => match self.published.get(&relative) {
                    Some(uri) => uri.clone(),
                    None => continue,
                },
            };
            let diagnostics = file.and_then(|f| by_file.remove(&f)).unwrap_or_default();
            if !diagnostics.is_empty() {
                now.insert(relative, uri.clone());
            }
            let params = lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            };
            let note = Notification::new("textDocument/publishDiagnostics".into(), params);
            transport::write_message(out, Message::Notification(note))?;
        }
        self.published = now;
        Ok(())
    }

    fn log(&self, out: &mut impl Write, message: &str) -> io::Result<()> {
        let params = lsp::LogMessageParams {
            typ: lsp::MessageType::WARNING,
            message: message.to_string(),
        };
        let note = Notification::new("window/logMessage".into(), params);
        transport::write_message(out, Message::Notification(note))
    }

    fn show(&self, out: &mut impl Write, message: &str) -> io::Result<()> {
        let params = lsp::ShowMessageParams {
            typ: lsp::MessageType::ERROR,
            message: format!("annals: {message}"),
        };
        let note = Notification::new("window/showMessage".into(), params);
        transport::write_message(out, Message::Notification(note))
    }
}

/// Applies one change of a buffer: a range replaced, or the whole text.
fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        Some(range) => {
            let start = text::offset(text, range.start, enc);
            let end = text::offset(text, range.end, enc).max(start);
            text.replace_range(start..end, &change.text);
        }
        None => *text = change.text,
    }
}

/// Returns what the server can do.
fn capabilities(enc: Encoding) -> lsp::InitializeResult {
    let encoding = match enc {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
    };
    let sync = lsp::TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
        save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
        ..Default::default()
    };
    lsp::InitializeResult {
        capabilities: lsp::ServerCapabilities {
            position_encoding: Some(encoding),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(sync)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec!["\"".into(), ":".into()]),
                ..Default::default()
            }),
            definition_provider: Some(lsp::OneOf::Left(true)),
            references_provider: Some(lsp::OneOf::Left(true)),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                    ..Default::default()
                },
            )),
            document_symbol_provider: Some(lsp::OneOf::Left(true)),
            ..Default::default()
        },
        server_info: Some(lsp::ServerInfo {
            name: "annals".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, Failure> {
    serde_json::from_value(params).map_err(Failure::params)
}

fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
