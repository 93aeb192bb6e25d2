//! The log's blobs, read and parsed once each: decoded per delta tree in
//! pack order, with an exact cache of the delta bases still to be used.

use super::error::GitError;
use super::log::GitLog;
use super::workers::{on_threads, parallel};
use std::collections::HashMap;

/// A pack cache for decoding a known list of objects in pack order: it
/// keeps exactly the decoded objects that later objects of the list are
/// deltas against, each until its last such use. gix only offers the cache
/// the objects it was asked for (not the bases it resolved on the way), so
/// the list must hold the bases too.
struct BaseCache {
    /// (pack, data offset) of a base -> deltas against it still to decode.
    uses: HashMap<(u32, u64), u32>,
    kept: HashMap<(u32, u64), (Vec<u8>, gix::object::Kind, usize)>,
}

impl gix::odb::pack::cache::DecodeEntry for BaseCache {
    fn put(&mut self, pack_id: u32, offset: u64, data: &[u8], kind: gix::object::Kind, compressed_size: usize) {
        if self.uses.contains_key(&(pack_id, offset)) {
            self.kept.insert((pack_id, offset), (data.to_vec(), kind, compressed_size));
        }
    }

    fn get(&mut self, pack_id: u32, offset: u64, out: &mut Vec<u8>) -> Option<(gix::object::Kind, usize)> {
        let key = (pack_id, offset);
        let (data, kind, size) = self.kept.get(&key)?;
        out.clear();
        out.extend_from_slice(data);
        let found = (*kind, *size);
        if let Some(n) = self.uses.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                self.uses.remove(&key);
                self.kept.remove(&key);
            }
        }
        Some(found)
    }
}

/// A blob to decode: where it is in its pack, and where its delta base is
/// when that base is decoded too.
#[derive(Clone, Copy)]
struct BlobAt {
    /// Index into the log's blob table.
    index: usize,
    pack_id: u32,
    pack_offset: u64,
    /// Pack data offset of this entry (the key gix caches it under).
    data_offset: u64,
    /// Index into the list of the blob it is a delta against.
    base: Option<usize>,
}

/// Where a blob is in its pack: pack id, entry offset, data offset, and
/// its delta base's entry offset when the base is in the same pack.
type Location = (u32, u64, u64, Option<u64>);

impl GitLog {
    /// Number of distinct blobs the log refers to.
    pub fn blob_count(&self) -> usize {
        self.blob_ids.len()
    }

    /// Reads and parses every blob once. Blobs are decoded in pack order, so
    /// that the base of each delta is decoded before it, and kept in a
    /// [`BaseCache`] until its last delta is decoded: each blob then costs
    /// one delta instead of its whole chain. Each delta tree (a base and
    /// everything that is a delta against it, recursively) goes to one
    /// thread.
    pub fn parse_blobs<T: Send>(&self, parse: impl Fn(&[u8]) -> T + Sync) -> Result<Vec<(usize, T)>, GitError> {
        let (packed, loose) = in_pack_order(self.locate_blobs()?);
        let parts = delta_tree_parts(&packed, &loose, self.threads);
        let packed = &packed;
        let ids = &self.blob_ids;
        let work = |repo: &gix::Repository, part: &[BlobAt]| -> Result<Vec<(usize, T)>, GitError> {
            let mut uses: HashMap<(u32, u64), u32> = HashMap::new();
            for b in part {
                if let Some(base) = b.base {
                    let base = &packed[base];
                    *uses.entry((base.pack_id, base.data_offset)).or_default() += 1;
                }
            }
            let mut repo = repo.clone();
            let uses = std::sync::Mutex::new(Some(uses));
            repo.objects.set_pack_cache(move || {
                let uses = uses.lock().ok().and_then(|mut u| u.take()).unwrap_or_default();
                Box::new(BaseCache { uses, kept: Default::default() })
            });
            part.iter()
                .map(|b| {
                    let id = ids[b.index];
                    let obj = repo.find_object(id).map_err(|e| GitError::unreadable(format!("read blob {id}"), e))?;
                    Ok((b.index, parse(&obj.data)))
                })
                .collect()
        };
        let parts: Vec<&[BlobAt]> = parts.iter().map(Vec::as_slice).collect();
        if parts.len() == 1 {
            return work(&self.repo, parts[0]);
        }
        on_threads(&self.repo, parts, work)
    }

    /// Where each blob is (by its index in the blob table), `None` for a
    /// blob that is not in a pack.
    fn locate_blobs(&self) -> Result<Vec<(usize, Option<Location>)>, GitError> {
        use gix::odb::pack::Find;
        let hash = self.repo.object_hash();
        let indices: Vec<usize> = (0..self.blob_ids.len()).collect();
        let ids = &self.blob_ids;
        parallel(&self.repo, &indices, self.threads, |repo, part| {
            let mut odb = repo.objects.clone();
            odb.prevent_pack_unload();
            let mut buf = Vec::new();
            Ok(part
                .iter()
                .map(|&index| {
                    let found = odb.location_by_oid(&ids[index], &mut buf).ok().flatten().and_then(|loc| {
                        let raw = odb.entry_by_location(&loc)?;
                        let entry = gix::odb::pack::data::Entry::from_bytes(&raw.data, loc.pack_offset, hash).ok()?;
                        let base = match entry.header {
                            gix::odb::pack::data::entry::Header::OfsDelta { base_distance } => {
                                entry.checked_base_pack_offset(base_distance)
                            }
                            _ => None,
                        };
                        Some((loc.pack_id, loc.pack_offset, entry.data_offset, base))
                    });
                    (index, found)
                })
                .collect())
        })
    }
}

/// The packed blobs in pack order, each linked to its delta base when that
/// is in the list; and the blobs that are not packed.
fn in_pack_order(located: Vec<(usize, Option<Location>)>) -> (Vec<BlobAt>, Vec<usize>) {
    let mut packed: Vec<BlobAt> = Vec::with_capacity(located.len());
    let mut loose: Vec<usize> = Vec::new();
    let mut base_offsets: Vec<Option<u64>> = Vec::with_capacity(located.len());
    for (index, found) in located {
        match found {
            Some((pack_id, pack_offset, data_offset, base)) => {
                packed.push(BlobAt { index, pack_id, pack_offset, data_offset, base: None });
                base_offsets.push(base);
            }
            None => loose.push(index),
        }
    }
    let mut order: Vec<usize> = (0..packed.len()).collect();
    order.sort_unstable_by_key(|&k| (packed[k].pack_id, packed[k].pack_offset));
    let mut by_offset: HashMap<(u32, u64), usize> = HashMap::new();
    let packed = order
        .iter()
        .enumerate()
        .map(|(k, &at)| {
            let mut b = packed[at];
            by_offset.insert((b.pack_id, b.pack_offset), k);
            // A base precedes its deltas in the pack, so it is already listed.
            b.base = base_offsets[at].and_then(|off| by_offset.get(&(b.pack_id, off)).copied());
            b
        })
        .collect();
    (packed, loose)
}

/// The blobs split between up to `threads` threads: each delta tree whole
/// to one thread, largest first, each to the least loaded; the loose blobs
/// to the first.
fn delta_tree_parts(packed: &[BlobAt], loose: &[usize], threads: usize) -> Vec<Vec<BlobAt>> {
    let n = if packed.len() < 64 { 1 } else { threads.max(1) };
    let mut root: Vec<usize> = Vec::with_capacity(packed.len());
    for (k, b) in packed.iter().enumerate() {
        let r = b.base.map_or(k, |base| root[base]);
        root.push(r);
    }
    let mut size = vec![0usize; packed.len()];
    for &r in &root {
        size[r] += 1;
    }
    let mut trees: Vec<usize> = (0..packed.len()).filter(|&k| size[k] > 0).collect();
    trees.sort_unstable_by_key(|&r| std::cmp::Reverse(size[r]));
    let mut thread_of = vec![0usize; packed.len()];
    let mut load = vec![0usize; n];
    for r in trees {
        let t = (0..n).min_by_key(|&t| load[t]).unwrap_or(0);
        load[t] += size[r];
        thread_of[r] = t;
    }
    let mut parts: Vec<Vec<BlobAt>> = vec![Vec::new(); n];
    for (k, b) in packed.iter().enumerate() {
        parts[thread_of[root[k]]].push(*b);
    }
    parts[0].extend(loose.iter().map(|&index| BlobAt {
        index,
        pack_id: u32::MAX,
        pack_offset: 0,
        data_offset: 0,
        base: None,
    }));
    parts
}
