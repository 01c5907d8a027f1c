//! The `annals` command: parses arguments, runs the command, maps the outcome to an exit code.

fn main() -> std::process::ExitCode {
    annals::cli::main()
}
