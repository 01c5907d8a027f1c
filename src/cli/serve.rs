//! `annals serve [--port N]`: serves the page of `export html` on 127.0.0.1 only,
//! read-only, and makes the browser reload it when a file of the KB changes (the page
//! asks `/_annals/version` once a second; the number changes with every change).

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use clap::Args;
use tiny_http::{Header, Method, Request, Response, Server};

use crate::analysis::Analysis;
use crate::cli::{Ctx, Failed, Outcome};
use crate::diag::{Diagnostic, MessageFormat};
use crate::export::{html, select};
use crate::kb::Kb;
use crate::query::filter::{Filter, FilterArgs};
use crate::watch::KbWatcher;

/// The port `serve` listens on when `--port` is not given.
pub const DEFAULT_PORT: u16 = 7727;

/// The path the page polls for the KB's version.
const VERSION_PATH: &str = "/_annals/version";

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 to listen on; 0 picks a free one.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PORT)]
    pub port: u16,
}

/// Returns the page of `annals export html` for the whole KB. The one place `serve`
/// names the HTML export: re-point it here when the export changes.
fn page(kb: &Kb, analysis: &Analysis) -> String {
    let everything = Filter::resolve(kb, analysis.graph(), &FilterArgs::default())
        .map(|f| f.under(kb, analysis.view()));
    let Ok(filter) = everything else {
        return String::new();
    };
    let bounds = analysis.bounds();
    let selection = select(kb, analysis.graph(), &filter, false, bounds);
    let options = html::PageOptions {
        title: kb.title().unwrap_or("Timeline").to_string(),
    };
    // The page forbids every connection; the reload script asks this server.
    html::page(kb, analysis, &selection, &options).replacen(
        html::CSP,
        &format!("{}; connect-src 'self'", html::CSP),
        1,
    )
}

/// Returns the page for the KB as it is now, or a page listing its errors.
fn current_page(ctx: &Ctx) -> String {
    let data = &ctx.global.data;
    let guard = crate::edit::read_lock(data);
    let loaded = crate::load::load(data);
    drop(guard);
    let (kb, mut diags) = match loaded {
        Ok(loaded) => loaded,
        Err(err) => return error_page(&err.to_string()),
    };
    let Ok(view) = ctx.claim_view(&kb) else {
        return error_page("an actor of --according-to is unknown (see the terminal)");
    };
    let analysis = crate::check::analyse(&kb, view, &mut diags);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if errors.is_empty() {
        return page(&kb, &analysis);
    }
    let mut text = Vec::new();
    let _ = crate::diag::emit(&mut text, &errors, kb.files(), MessageFormat::Human, false);
    error_page(&String::from_utf8_lossy(&text))
}

/// Returns a page showing `text` (the diagnostics), escaped.
fn error_page(text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>annals: the knowledge base has errors</title>\n</head>\n<body>\n<h1>The knowledge base has errors</h1>\n<pre>{}</pre>\n</body>\n</html>\n",
        crate::export::escape::xml(text)
    )
}

/// Returns `html` with the script that reloads it when the KB's version is no longer
/// `version` (written without `<` or `&`, so the page stays valid XHTML).
fn with_reload(html: &str, version: u64) -> String {
    let script = format!(
        "<script>(function () {{ var v = \"{version}\"; setInterval(function () {{ fetch(\"{VERSION_PATH}\", {{cache: \"no-store\"}}).then(function (r) {{ return r.text(); }}).then(function (t) {{ if (t !== v) {{ location.reload(); }} }}).catch(function () {{}}); }}, 1000); }})();</script>\n"
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// Answers one request: the page at `/`, the version, 404 elsewhere, 405 for methods
/// other than GET and HEAD.
fn respond(ctx: &Ctx, request: Request, version: &AtomicU64) {
    let no_store = header("Cache-Control", "no-store");
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("");
    let response = match path {
        "/" | "/index.html" => {
            // Read before loading: a change made meanwhile makes the page reload again.
            let now = version.load(Ordering::SeqCst);
            let html = with_reload(&current_page(ctx), now);
            Response::from_string(html)
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
        }
        VERSION_PATH => Response::from_string(version.load(Ordering::SeqCst).to_string())
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        _ => Response::from_string("not found\n").with_status_code(404),
    };
    let _ = request.respond(response.with_header(no_store));
}

/// Runs `annals serve`.
pub fn cmd_serve(ctx: &Ctx, a: &ServeArgs) -> Outcome {
    ctx.require_kb_dir()?;
    let data = &ctx.global.data;
    let server = Server::http(("127.0.0.1", a.port)).map_err(|e| {
        ctx.request_error(
            &format!("cannot serve on 127.0.0.1:{}: {e}", a.port),
            Some("choose another port with `--port N`, or `--port 0` for a free one"),
        )
    })?;
    let server = Arc::new(server);
    let port = server
        .server_addr()
        .to_ip()
        .map_or(a.port, |addr| addr.port());
    let stopped = Arc::new(AtomicBool::new(false));
    let (on_stop, unblock) = (Arc::clone(&stopped), Arc::clone(&server));
    ctrlc::set_handler(move || {
        on_stop.store(true, Ordering::SeqCst);
        unblock.unblock();
    })
    .map_err(|e| ctx.request_error(&format!("cannot catch Ctrl-C: {e}"), None))?;
    let version = Arc::new(AtomicU64::new(0));
    let watcher = KbWatcher::new(data, &[]).map_err(|e| ctx.request_error(&e, None))?;
    let (bump, stop) = (Arc::clone(&version), Arc::clone(&stopped));
    std::thread::spawn(move || {
        while watcher.next_change(&stop).is_some() {
            bump.fetch_add(1, Ordering::SeqCst);
        }
    });
    let mut out = io::stdout().lock();
    let line = format!(
        "serving `{}` at http://127.0.0.1:{port}/ (Ctrl-C stops)",
        data.display()
    );
    let _ = writeln!(out, "{}", crate::diag::safe_text(&line));
    let _ = out.flush();
    drop(out);
    for request in server.incoming_requests() {
        respond(ctx, request, &version);
    }
    if stopped.load(Ordering::SeqCst) {
        if !ctx.global.quiet {
            let _ = writeln!(io::stderr().lock(), "stopped serving");
        }
        Ok(())
    } else {
        Err(Failed(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = with_reload("<html><body><p>x</p></body></html>", 3);
        assert!(page.starts_with("<html><body><p>x</p><script>"));
        assert!(page.ends_with("</script>\n</body></html>"));
        assert!(page.contains("var v = \"3\""));
        let script =
            &page[page.find("<script>").unwrap_or(0) + 8..page.find("</script>").unwrap_or(0)];
        assert!(!script.contains(['<', '&']), "the page stays valid XHTML");
    }
}
