//! Loading a knowledge base: finds the `*.ron` files of a directory, reads each into
//! records with spans, and merges the declared vocabulary.

pub mod lexer;
pub mod reader;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::source::{SourceFile, Span};
use crate::vocab::Vocabulary;

/// Why a knowledge base could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The KB directory does not exist or cannot be listed.
    #[error("cannot read the knowledge base directory `{path}`: {source}")]
    Directory {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A file of the KB cannot be read.
    #[error("cannot read `{path}`: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// Returns the `*.ron` files under `root`, recursively, sorted by relative path bytes.
pub fn find_files(root: &Path) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|source| LoadError::Directory {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| LoadError::Directory {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            // Symlinked directories are not followed: no loops, no reading outside the KB.
            let file_type = entry.file_type().map_err(|source| LoadError::File {
                path: path.clone(),
                source,
            })?;
            if file_type.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "ron") {
                let relative = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((path, relative));
            }
        }
    }
    out.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
    Ok(out)
}

/// Loads every file of the KB at `root`; problems in the data come back as diagnostics.
pub fn load(root: &Path) -> Result<(Kb, Vec<Diagnostic>), LoadError> {
    let files = find_files(root)?;
    let mut texts = Vec::with_capacity(files.len());
    for (path, relative) in files {
        let bytes = fs::read(&path).map_err(|source| LoadError::File {
            path: path.clone(),
            source,
        })?;
        texts.push((path, relative, bytes));
    }
    Ok(load_texts(root, texts))
}

/// Loads a KB from file contents already in memory (paths are used for messages).
pub fn load_texts(root: &Path, files: Vec<(PathBuf, String, Vec<u8>)>) -> (Kb, Vec<Diagnostic>) {
    let bytes = files.iter().map(|f| f.2.len()).sum();
    let mut kb = Kb::with_capacity(root.to_path_buf(), bytes);
    let mut diags = Vec::new();
    for (path, relative, bytes) in files {
        let (text, bad_utf8) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(err.as_bytes()).into_owned(),
                    Some(at),
                )
            }
        };
        if text.len() > u32::MAX as usize {
            let file = kb.files.add(SourceFile::new(path, relative, String::new()));
            diags.push(
                Diagnostic::error("file-too-large", "the file is larger than 4 GiB")
                    .at(Span::new(file, 0, 0))
                    .help("split it into several files"),
            );
            continue;
        }
        let file = kb.files.add(SourceFile::new(path, relative, text));
        if let Some(at) = bad_utf8 {
            diags.push(
                Diagnostic::error("invalid-utf8", "the file is not valid UTF-8")
                    .at(Span::new(file, at, at + 1))
                    .help("save the file as UTF-8"),
            );
        }
        // The text is moved out and back so the reader can borrow it while filling the KB.
        let text = std::mem::take(&mut kb.files.get_mut(file).text);
        reader::read_file(&mut kb, file, &text, &mut diags);
        kb.files.get_mut(file).text = text;
    }
    let decls = std::mem::take(&mut kb.vocab_decls);
    kb.vocab = Vocabulary::build(&mut kb.syms, &decls, &mut diags);
    kb.vocab_decls = decls;
    (kb, diags)
}
