//! `annals completions SHELL` and `annals man`: what shells and `man` need, generated
//! from the one clap definition of the command line so they never drift from it.

use clap::CommandFactory;

use super::{Cli, Failed, Outcome, print};

/// Prints the completion script of `shell` for `annals`.
pub(super) fn cmd_completions(shell: clap_complete::Shell) -> Outcome {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "annals", &mut out);
    print(&String::from_utf8_lossy(&out))
}

/// Prints the man page of `annals` (roff), with a section per subcommand.
pub(super) fn cmd_man() -> Outcome {
    let command = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render(&mut out).map_err(|_| Failed(1))?;
    // Each subcommand follows in a section of its own: what it does, then its options.
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.extend_from_slice(
            format!(".SH \"ANNALS {}\"\n", sub.get_name().to_uppercase()).as_bytes(),
        );
        if let Some(about) = sub.get_about() {
            out.extend_from_slice(format!("{}\n", roff_escape(&about.to_string())).as_bytes());
        }
        let page = clap_mangen::Man::new(sub.clone());
        page.render_options_section(&mut out)
            .map_err(|_| Failed(1))?;
    }
    print(&String::from_utf8_lossy(&out))
}

/// Escapes text for a roff body line: a leading `.` or `'` would be read as a request,
/// and a backslash as an escape.
fn roff_escape(text: &str) -> String {
    let text = text.replace('\\', "\\e");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
