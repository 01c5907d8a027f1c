//! The cache file's layout: a fixed preamble, a header, and blocks, each an rkyv
//! archive compressed with Snappy, with its own checksum (of the compressed bytes), so
//! that a query reads, validates and decompresses only the blocks it needs, never the
//! whole file.
//!
//! ```text
//! 0      8 bytes   magic `ANNALSC1`
//! 8      8 bytes   header length (little-endian)
//! 16     8 bytes   header checksum (xxh3-64)
//! 24     8 bytes   header offset
//! 32     blocks    compressed rkyv archives at the offsets the header gives
//! ...    header    compressed rkyv archive of `Header`, written last
//! ```
//!
//! Blocks are read with positioned reads into aligned buffers rather than mapped:
//! mapping a file is `unsafe` in Rust (another process may truncate it under us), and
//! annals forbids `unsafe`; a read of the few blocks a query needs costs microseconds.

use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::FileExt;

use rkyv::api::high::HighSerializer;
use rkyv::rancor::Error as RkyvError;
use rkyv::ser::allocator::ArenaHandle;
use rkyv::util::AlignedVec;
use rkyv::{Archive, Deserialize, Serialize};

/// The first bytes of every cache file of this layout.
pub const MAGIC: &[u8; 8] = b"ANNALSC1";

/// The length of the preamble before the header.
const PREAMBLE: u64 = 32;

/// Where a block lies in the file and what its bytes hash to.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy)]
pub struct BlockRef {
    /// Offset from the start of the file.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
    /// xxh3-64 of the bytes.
    pub hash: u64,
}

/// Returns the 64-bit hash the cache uses for files and blocks.
pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// What can be written as a block: what rkyv serializes with its default serializer.
pub trait Encode:
    for<'a> Serialize<HighSerializer<AlignedVec, ArenaHandle<'a>, RkyvError>>
{
}

impl<T> Encode for T where
    T: for<'a> Serialize<HighSerializer<AlignedVec, ArenaHandle<'a>, RkyvError>>
{
}

/// Encodes `value` as a block's bytes, for [`Writer::put`]: its rkyv archive,
/// compressed with Snappy (the ids, titles and dates of a KB compress three- to
/// fourfold, and a block is decompressed in microseconds).
pub fn encode<T: Encode>(value: &T) -> io::Result<Vec<u8>> {
    let archive = rkyv::to_bytes::<RkyvError>(value).map_err(io::Error::other)?;
    snap::raw::Encoder::new()
        .compress_vec(&archive)
        .map_err(io::Error::other)
}

/// Writes a cache file: the header is written last, once every block's place is known.
pub struct Writer {
    out: io::BufWriter<File>,
    offset: u64,
}

impl Writer {
    /// Starts a cache file in `file`, which must be empty.
    pub fn new(file: File) -> io::Result<Writer> {
        let mut out = io::BufWriter::with_capacity(1 << 20, file);
        out.write_all(&[0; PREAMBLE as usize])?;
        Ok(Writer {
            out,
            offset: PREAMBLE,
        })
    }

    /// Writes `value` as a block and returns where it lies.
    pub fn block<T: Encode>(&mut self, value: &T) -> io::Result<BlockRef> {
        self.put(&encode(value)?)
    }

    /// Writes blocks already encoded (by [`encode`]) and returns where it lies.
    pub fn put(&mut self, bytes: &[u8]) -> io::Result<BlockRef> {
        self.pad()?;
        let block = BlockRef {
            offset: self.offset,
            len: bytes.len() as u64,
            hash: hash(bytes),
        };
        self.out.write_all(bytes)?;
        self.offset += bytes.len() as u64;
        Ok(block)
    }

    /// Writes one block per item, encoded by `encode` on two threads while this one
    /// writes them in order; at most a few blocks wait in memory at a time.
    pub fn blocks_in_parallel<T, F>(&mut self, items: &[T], encode: F) -> io::Result<Vec<BlockRef>>
    where
        T: Sync,
        F: Fn(&T) -> io::Result<Vec<u8>> + Sync,
    {
        const WORKERS: usize = 2;
        std::thread::scope(|scope| {
            let mut receivers = Vec::with_capacity(WORKERS);
            for worker in 0..WORKERS {
                let (send, receive) = std::sync::mpsc::sync_channel(8);
                receivers.push(receive);
                let encode = &encode;
                scope.spawn(move || {
                    for item in items.iter().skip(worker).step_by(WORKERS) {
                        // The writer stopped (a write failed): so does this worker.
                        if send.send(encode(item)).is_err() {
                            break;
                        }
                    }
                });
            }
            let mut refs = Vec::with_capacity(items.len());
            for i in 0..items.len() {
                let bytes = receivers[i % WORKERS]
                    .recv()
                    .map_err(|_| io::Error::other("a cache worker stopped"))??;
                refs.push(self.put(&bytes)?);
            }
            Ok(refs)
        })
    }

    fn pad(&mut self) -> io::Result<()> {
        let pad = (16 - self.offset % 16) % 16;
        self.out.write_all(&[0; 16][..pad as usize])?;
        self.offset += pad;
        Ok(())
    }

    /// Writes `header` at the end and points the preamble at it, then flushes.
    pub fn finish<T: Encode>(mut self, header: &T) -> io::Result<File> {
        let at = self.block(header)?;
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        let mut preamble = [0u8; PREAMBLE as usize];
        preamble[..8].copy_from_slice(MAGIC);
        preamble[8..16].copy_from_slice(&at.len.to_le_bytes());
        preamble[16..24].copy_from_slice(&at.hash.to_le_bytes());
        preamble[24..32].copy_from_slice(&at.offset.to_le_bytes());
        file.write_all_at(&preamble, 0)?;
        Ok(file)
    }
}

/// Why a cache file was not used: it is rebuilt, never trusted.
#[derive(Debug)]
pub struct Unusable;

/// Reads the header block of a cache file, checking magic and checksum.
pub fn read_header(file: &File) -> Result<AlignedVec, Unusable> {
    let mut preamble = [0u8; PREAMBLE as usize];
    file.read_exact_at(&mut preamble, 0).map_err(|_| Unusable)?;
    if &preamble[..8] != MAGIC {
        return Err(Unusable);
    }
    let word = |i: usize| u64::from_le_bytes(preamble[i..i + 8].try_into().expect("8 bytes"));
    read_block(
        file,
        BlockRef {
            len: word(8),
            hash: word(16),
            offset: word(24),
        },
    )
}

/// The largest block annals reads back: a damaged length is not an allocation request.
const MAX_BLOCK: u64 = 1 << 31;

/// Reads one block, checks its checksum, and decompresses it into an aligned buffer.
pub fn read_block(file: &File, at: BlockRef) -> Result<AlignedVec, Unusable> {
    if at.len > MAX_BLOCK || !at.offset.is_multiple_of(16) {
        return Err(Unusable);
    }
    let mut compressed = vec![0; at.len as usize];
    file.read_exact_at(&mut compressed, at.offset)
        .map_err(|_| Unusable)?;
    if hash(&compressed) != at.hash {
        return Err(Unusable);
    }
    let len = snap::raw::decompress_len(&compressed).map_err(|_| Unusable)?;
    if len as u64 > MAX_BLOCK {
        return Err(Unusable);
    }
    let mut bytes = AlignedVec::<16>::with_capacity(len);
    bytes.resize(len, 0);
    snap::raw::Decoder::new()
        .decompress(&compressed, &mut bytes)
        .map_err(|_| Unusable)?;
    Ok(bytes)
}

/// Returns the block reference an archived one stands for.
pub fn block_ref(at: &ArchivedBlockRef) -> BlockRef {
    BlockRef {
        offset: at.offset.to_native(),
        len: at.len.to_native(),
        hash: at.hash.to_native(),
    }
}
