//! Tree diffs for the history engine: what a commit changed under the OKR
//! root, in place over raw tree entries when only files changed in place
//! (the common case), else by gix's tree diff with rename tracking.

use super::error::{commit_error, GitError};
use crate::core::snapshot;
use std::path::Path;

/// A change to one OKR file with object ids, before blobs are numbered.
pub(super) struct RawChange {
    pub(super) old_path: Option<String>,
    pub(super) new_path: Option<String>,
    pub(super) old: Option<gix::ObjectId>,
    pub(super) new: Option<gix::ObjectId>,
}

/// A decoded tree's entries, shared between the cache and the diff.
type Tree = std::rc::Rc<Vec<u8>>;

/// Decoded trees, the last two versions of each path: a commit's tree at a
/// path is usually the one its neighbour on the line had there.
#[derive(Default)]
struct TreeCache {
    slots: std::collections::HashMap<String, Vec<(gix::ObjectId, Tree)>>,
}

impl TreeCache {
    /// The tree `id` at `path`, `None` when `id` names no tree.
    fn get(&mut self, repo: &gix::Repository, path: &str, id: gix::ObjectId) -> Result<Option<Tree>, GitError> {
        if let Some(slots) = self.slots.get_mut(path) {
            if let Some(i) = slots.iter().position(|(o, _)| *o == id) {
                slots.swap(0, i);
                return Ok(Some(slots[0].1.clone()));
            }
        }
        let obj = repo.find_object(id).map_err(|e| GitError::unreadable(format!("read tree {id}"), e))?;
        if obj.kind != gix::object::Kind::Tree {
            return Ok(None);
        }
        let data: Tree = std::rc::Rc::new(obj.detach().data);
        let slots = match self.slots.get_mut(path) {
            Some(s) => s,
            None => self.slots.entry(path.to_string()).or_default(),
        };
        slots.insert(0, (id, data.clone()));
        slots.truncate(2);
        Ok(Some(data))
    }
}

/// Length of the common prefix of two byte strings.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 32 <= n && a[i..i + 32] == b[i..i + 32] {
        i += 32;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// End of the tree entry starting at `at` (`mode SP name NUL id`), if the
/// entry is complete.
fn entry_end(tree: &[u8], at: usize, hash_len: usize) -> Option<usize> {
    use gix::bstr::ByteSlice;
    let nul = at + tree.get(at..)?.find_byte(0)?;
    let end = nul + 1 + hash_len;
    (end <= tree.len()).then_some(end)
}

/// The one tree entry in `entry`.
fn parse_entry(entry: &[u8], hash: gix::hash::Kind) -> Option<gix::objs::tree::EntryRef<'_>> {
    gix::objs::TreeRefIter::from_bytes(entry, hash).next().and_then(|e| e.ok())
}

pub(super) struct Differ<'r> {
    pub(super) repo: &'r gix::Repository,
    /// The OKR root relative to the repository, as path components.
    root: Vec<Vec<u8>>,
    cache: Option<gix::diff::blob::Platform>,
    /// Trees above the OKR root, by path from the repository's top.
    upper: TreeCache,
    /// Trees in the OKR root, by path relative to it.
    lower: TreeCache,
    hash_len: usize,
}

impl<'r> Differ<'r> {
    pub(super) fn new(repo: &'r gix::Repository, root: &str) -> Differ<'r> {
        // Split as `Tree::lookup_entry_by_path` splits it.
        let root = Path::new(root).components().map(|c| c.as_os_str().as_encoded_bytes().to_vec()).collect::<Vec<_>>();
        Differ {
            repo,
            root,
            cache: None,
            upper: TreeCache::default(),
            lower: TreeCache::default(),
            hash_len: repo.object_hash().len_in_bytes(),
        }
    }

    /// The OKR root's tree id in the tree of a commit, if it has one.
    pub(super) fn okr_root(&mut self, tree: gix::ObjectId) -> Result<Option<gix::ObjectId>, GitError> {
        let mut id = tree;
        let mut path = String::new();
        for (i, name) in self.root.iter().enumerate() {
            let Some(data) = self.upper.get(self.repo, &path, id)? else {
                return Ok(None);
            };
            let entry = gix::objs::TreeRefIter::from_bytes(&data, self.repo.object_hash())
                .filter_map(std::result::Result::ok)
                .find(|e| e.filename == name.as_slice())
                .map(|e| (e.mode, e.oid.to_owned()));
            let Some((mode, oid)) = entry else {
                return Ok(None);
            };
            if i + 1 == self.root.len() {
                return Ok(mode.is_tree().then_some(oid));
            }
            path.push_str(&String::from_utf8_lossy(name));
            path.push('/');
            id = oid;
        }
        Ok(None)
    }

    /// The OKR root's tree id in a commit, if it has one.
    pub(super) fn root_of_commit(&mut self, commit: gix::ObjectId) -> Result<Option<gix::ObjectId>, GitError> {
        let err = |e: gix::Error| commit_error(self.repo, commit, &e);
        let tree = self.repo.find_commit(commit).map_err(err)?.tree_id().map_err(err)?.detach();
        self.okr_root(tree)
    }

    /// Changes to OKR files between two OKR root trees, sorted.
    pub(super) fn diff(
        &mut self,
        old_root: Option<gix::ObjectId>,
        new_root: Option<gix::ObjectId>,
        commit: gix::ObjectId,
    ) -> Result<Vec<RawChange>, GitError> {
        let mut raw = Vec::new();
        if old_root == new_root {
            return Ok(raw);
        }
        let in_place = match (old_root, new_root) {
            (Some(old), Some(new)) => self.modified_in_place(&mut String::new(), old, new, &mut raw)?,
            _ => false,
        };
        if !in_place {
            raw = self.diff_roots(old_root, new_root, commit)?;
        }
        raw.sort_by(|a, b| (&a.new_path, &a.old_path).cmp(&(&b.new_path, &b.old_path)));
        Ok(raw)
    }

    /// Collects the files changed between two trees at `rel` (relative to
    /// the OKR root) when every change is a file changed in place: walks
    /// both sorted entry lists, skips what is byte-identical, and descends
    /// only into subtrees whose ids differ. Returns `false` as soon as
    /// anything else shows up (a file added, deleted or renamed, a mode
    /// changed, an unreadable tree): gix's full diff with rename tracking
    /// then handles that commit.
    pub(super) fn modified_in_place(
        &mut self,
        rel: &mut String,
        old: gix::ObjectId,
        new: gix::ObjectId,
        out: &mut Vec<RawChange>,
    ) -> Result<bool, GitError> {
        let (Some(a), Some(b)) = (self.lower.get(self.repo, rel, old)?, self.lower.get(self.repo, rel, new)?) else {
            return Ok(false);
        };
        let (mut ia, mut ib) = (0, 0);
        loop {
            let (ta, tb) = (&a[ia..], &b[ib..]);
            if ta == tb {
                return Ok(true);
            }
            // Whole entries inside the common prefix are the same in both.
            let same = common_prefix(ta, tb);
            let mut skip = 0;
            while let Some(end) = entry_end(ta, skip, self.hash_len).filter(|&end| end <= same) {
                skip = end;
            }
            let (Some(ea), Some(eb)) =
                (entry_end(&a, ia + skip, self.hash_len), entry_end(&b, ib + skip, self.hash_len))
            else {
                return Ok(false);
            };
            let hash = self.repo.object_hash();
            let (Some(x), Some(y)) = (parse_entry(&a[ia + skip..ea], hash), parse_entry(&b[ib + skip..eb], hash))
            else {
                return Ok(false);
            };
            if x.filename != y.filename || x.mode != y.mode {
                return Ok(false);
            }
            let len = rel.len();
            if !rel.is_empty() {
                rel.push('/');
            }
            rel.push_str(&String::from_utf8_lossy(x.filename));
            let ok = if x.mode.is_tree() {
                let (xo, yo) = (x.oid.to_owned(), y.oid.to_owned());
                self.modified_in_place(rel, xo, yo, out)?
            } else if x.mode.is_blob() {
                if snapshot::is_okr_file(rel) {
                    out.push(RawChange {
                        old_path: Some(rel.clone()),
                        new_path: Some(rel.clone()),
                        old: Some(x.oid.to_owned()),
                        new: Some(y.oid.to_owned()),
                    });
                }
                true
            } else {
                false
            };
            rel.truncate(len);
            if !ok {
                return Ok(false);
            }
            ia = ea;
            ib = eb;
        }
    }

    /// Changes to OKR files between two OKR root trees, by gix's tree diff
    /// with rename tracking.
    pub(super) fn diff_roots(
        &mut self,
        old_root: Option<gix::ObjectId>,
        new_root: Option<gix::ObjectId>,
        commit: gix::ObjectId,
    ) -> Result<Vec<RawChange>, GitError> {
        let err = |e: gix::Error| GitError::unreadable(format!("diff commit {commit}"), e);
        let empty = self.repo.empty_tree();
        let old_tree = match old_root {
            Some(id) => self.repo.find_tree(id).map_err(err)?,
            None => empty.clone(),
        };
        let new_tree = match new_root {
            Some(id) => self.repo.find_tree(id).map_err(err)?,
            None => empty,
        };
        let cache = match &mut self.cache {
            Some(c) => c,
            None => self.cache.insert(self.repo.diff_resource_cache_for_tree_diff().map_err(err)?),
        };
        let mut raw: Vec<RawChange> = Vec::new();
        let mut platform = old_tree.changes().map_err(err)?;
        platform.options(|o| {
            o.track_path().track_rewrites(Some(gix::diff::Rewrites::default()));
        });
        platform
            .for_each_to_obtain_tree_with_cache(&new_tree, cache, |change| {
                raw.extend(raw_change(change));
                Ok(gix::object::tree::diff::Action::Continue(()))
            })
            .map_err(err)?;
        cache.clear_resource_cache_keep_allocation();
        Ok(raw)
    }
}

/// The change to an OKR file in a change of gix's tree diff, if it is one:
/// files added, deleted, modified, or renamed (into or out of the OKR
/// files too); not copies, folders or links.
fn raw_change(change: gix::object::tree::diff::Change<'_, '_, '_>) -> Option<RawChange> {
    use gix::object::tree::diff::Change;
    let keep = |p: &gix::bstr::BStr| {
        let p = String::from_utf8_lossy(p).into_owned();
        snapshot::is_okr_file(&p).then_some(p)
    };
    match change {
        Change::Addition { location, entry_mode, id, .. } if entry_mode.is_blob() => {
            keep(location).map(|p| RawChange { old_path: None, new_path: Some(p), old: None, new: Some(id.detach()) })
        }
        Change::Deletion { location, entry_mode, id, .. } if entry_mode.is_blob() => {
            keep(location).map(|p| RawChange { old_path: Some(p), new_path: None, old: Some(id.detach()), new: None })
        }
        Change::Modification { location, entry_mode, previous_id, id, .. } if entry_mode.is_blob() => keep(location)
            .map(|p| RawChange {
                old_path: Some(p.clone()),
                new_path: Some(p),
                old: Some(previous_id.detach()),
                new: Some(id.detach()),
            }),
        Change::Rewrite { source_location, source_id, location, id, entry_mode, copy: false, .. }
            if entry_mode.is_blob() =>
        {
            let (op, np) = (keep(source_location), keep(location));
            (op.is_some() || np.is_some()).then(|| RawChange {
                old: op.as_ref().map(|_| source_id.detach()),
                new: np.as_ref().map(|_| id.detach()),
                old_path: op,
                new_path: np,
            })
        }
        _ => None,
    }
}
