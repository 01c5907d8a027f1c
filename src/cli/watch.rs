//! `annals watch [-- ARGS…]`: runs `check`, and the annals command given after `--`,
//! once and then each time a file of the KB changes, until Ctrl-C.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;

use crate::cli::{ColorChoice, Ctx, Failed, Format, MessageFormatArg, Outcome};
use crate::watch::KbWatcher;

/// Arguments of `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The annals command to run after `check` on each change, e.g. `-- render -o out.svg`.
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<OsString>,
}

/// Returns the flags of this run that the commands it starts must get too.
pub(super) fn global_flags(ctx: &Ctx) -> Vec<OsString> {
    let g = &ctx.global;
    let mut out: Vec<OsString> = vec!["--data".into(), g.data.clone().into_os_string()];
    let format = match g.format {
        Format::Table => "table",
        Format::Json => "json",
        Format::Csv => "csv",
        Format::Md => "md",
    };
    out.extend(["--format".into(), format.into()]);
    let color = match g.color {
        ColorChoice::Auto => "auto",
        ColorChoice::Always => "always",
        ColorChoice::Never => "never",
    };
    out.extend(["--color".into(), color.into()]);
    if g.message_format == MessageFormatArg::Json {
        out.extend(["--message-format".into(), "json".into()]);
    }
    for (set, flag) in [
        (g.quiet, "--quiet"),
        (g.include_claims, "--include-claims"),
        (g.no_cache, "--no-cache"),
    ] {
        if set {
            out.push(flag.into());
        }
    }
    for actor in &g.according_to {
        out.extend(["--according-to".into(), actor.into()]);
    }
    out
}

/// Returns the files the command writes (`-o FILE`, `--output FILE`), so that writing
/// them inside the KB does not count as a change.
fn outputs(args: &[OsString]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "-o" || word == "--output" {
            if let Some(file) = words.next() {
                out.push(PathBuf::from(file.as_ref()));
            }
        } else if let Some(file) = word.strip_prefix("--output=") {
            out.push(PathBuf::from(file));
        } else if let Some(file) = word.strip_prefix("-o").filter(|f| !f.is_empty()) {
            out.push(PathBuf::from(file));
        }
    }
    out
}

/// Prints a line about the watch itself on stderr (not with `-q`).
fn say(ctx: &Ctx, line: &str) {
    if !ctx.global.quiet {
        let _ = writeln!(io::stderr().lock(), "{}", crate::diag::safe_text(line));
    }
}

/// Runs `annals check`, then the command when the check passed; their output goes
/// straight to this process's stdout and stderr.
fn run_once(ctx: &Ctx, args: &[OsString]) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the annals binary: {e}"))?;
    let flags = global_flags(ctx);
    let run = |command: &[OsString]| {
        Command::new(&exe)
            .args(&flags)
            .args(command)
            .status()
            .map_err(|e| format!("cannot run annals: {e}"))
    };
    let checked = run(&["check".into()])?;
    if checked.success() && !args.is_empty() {
        run(args)?;
    }
    Ok(())
}

/// Runs `annals watch`.
pub fn cmd_watch(ctx: &Ctx, a: &WatchArgs) -> Outcome {
    ctx.require_kb_dir()?;
    let data = &ctx.global.data;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| ctx.request_error(&format!("cannot catch Ctrl-C: {e}"), None))?;
    // The watch starts before the first run, so that no change made meanwhile is missed.
    let watcher =
        KbWatcher::new(data, &outputs(&a.args)).map_err(|e| ctx.request_error(&e, None))?;
    say(
        ctx,
        &format!(
            "watching `{}` (Ctrl-C stops); running `annals check`{}",
            data.display(),
            described(&a.args)
        ),
    );
    run_once(ctx, &a.args).map_err(|e| ctx.request_error(&e, None))?;
    while let Some(files) = watcher.next_change(&stop) {
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.strip_prefix(data.canonicalize().unwrap_or_else(|_| data.clone()))
                    .or_else(|_| f.strip_prefix(data))
                    .unwrap_or(f)
                    .display()
                    .to_string()
            })
            .collect();
        say(ctx, &format!("changed: {}", names.join(", ")));
        run_once(ctx, &a.args).map_err(|e| ctx.request_error(&e, None))?;
    }
    say(ctx, "stopped watching");
    if stop.load(Ordering::SeqCst) {
        Ok(())
    } else {
        Err(Failed(1))
    }
}

/// Returns ` and `annals ARGS`` for the first line, or nothing.
fn described(args: &[OsString]) -> String {
    if args.is_empty() {
        return String::new();
    }
    let words: Vec<String> = args.iter().map(|a| a.to_string_lossy().into()).collect();
    format!(" and `annals {}`", words.join(" "))
}
