//! The wire: `Content-Length` framed JSON-RPC messages on stdin and stdout. A message
//! that is not JSON, or not a JSON-RPC message, is answered with a JSON-RPC error and
//! the server reads on; a frame that cannot be read (no length, end of input) ends it.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::Sender;

use lsp_server::Message;

/// The largest message read, far above any buffer an editor sends (a 10 MB line is
/// fine); a larger length is taken for a broken stream rather than allocated.
const MAX_MESSAGE_BYTES: usize = 1 << 30;

/// What the reader hands the server.
#[derive(Debug)]
pub enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A frame whose body is not a JSON-RPC message: the error response to send.
    Malformed(serde_json::Value),
}

/// Reads messages from `input` and sends them on `to` until the input ends, breaks,
/// or the server stops listening.
pub fn read_loop(mut input: impl BufRead, to: Sender<Incoming>) {
    while let Ok(Some(body)) = read_frame(&mut input) {
        if to.send(parse(&body)).is_err() {
            return;
        }
    }
}

/// Reads one frame's body; `None` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        // A header line is short; a stream of garbage without a line break is cut off.
        let read = input.by_ref().take(4096).read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            return Err(invalid("a header line is not terminated"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            // Blank lines before the first header are tolerated.
            if length.is_some() {
                break;
            }
            continue;
        }
        let (name, value) = text
            .split_once(':')
            .ok_or_else(|| invalid("a header line has no `:`"))?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n: usize = value
                .trim()
                .parse()
                .map_err(|_| invalid("Content-Length is not a number"))?;
            if n > MAX_MESSAGE_BYTES {
                return Err(invalid("Content-Length is too large"));
            }
            length = Some(n);
        }
    }
    let length = length.unwrap_or(0);
    let mut body = Vec::new();
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    Ok(Some(body))
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

/// Parses a frame's body, or makes the JSON-RPC error that answers it.
fn parse(body: &[u8]) -> Incoming {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => {
            return Incoming::Malformed(error_response(
                serde_json::Value::Null,
                -32700,
                &format!("parse error: {err}"),
            ));
        }
    };
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(err) => Incoming::Malformed(error_response(
            id,
            -32600,
            &format!("invalid request: {err}"),
        )),
    }
}

/// Returns a JSON-RPC error response.
fn error_response(id: serde_json::Value, code: i32, message: &str) -> serde_json::Value {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": message},
    })
}

/// Writes one message, framed, and flushes it.
pub fn write(out: &mut impl Write, message: &impl serde::Serialize) -> io::Result<()> {
    let body = serde_json::to_vec(message).map_err(io::Error::other)?;
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(&body)?;
    out.flush()
}

/// Writes a message of the server, with its `jsonrpc` member.
pub fn write_message(out: &mut impl Write, message: Message) -> io::Result<()> {
    let mut value = serde_json::to_value(&message).map_err(io::Error::other)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("jsonrpc".into(), "2.0".into());
    }
    write(out, &value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_and_garbage_is_answered() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\nabcContent-Length: 51\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":null}";
        let mut reader = &input[..];
        let mut seen = Vec::new();
        while let Ok(Some(body)) = read_frame(&mut reader) {
            seen.push(parse(&body));
        }
        assert_eq!(seen.len(), 3);
        assert!(matches!(&seen[0], Incoming::Malformed(v) if v["error"]["code"] == -32600));
        assert!(matches!(&seen[1], Incoming::Malformed(v) if v["error"]["code"] == -32700));
        assert!(matches!(&seen[2], Incoming::Message(Message::Request(_))));
    }

    #[test]
    fn a_frame_without_length_ends_the_stream() {
        let mut reader = &b"Content-Type: x\r\nno colon here\r\n\r\n"[..];
        assert!(read_frame(&mut reader).is_err());
    }
}
