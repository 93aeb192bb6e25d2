//! Git access through `gix` (the git edge): reading a revision's files.

use crate::core::config;
use crate::core::error::{Fatal, Result};
use crate::core::snapshot::{self, Snapshot, SourceFile};
use crate::history::{FileChange, LogCommit, LogEntry};
use std::path::Path;

/// Opens the repository containing `dir`, and returns it with the path of
/// `dir` relative to the repository's working tree (`""` at the top).
pub fn open(dir: &Path) -> Result<(gix::Repository, String)> {
    let repo = discover(dir).map_err(|e| match unreadable_repository(dir, &e.to_string()) {
        Some(why) => why,
        None => Fatal::new(format!("{} is not inside a git repository ({e})", dir.display())),
    })?;
    if let Some(why) = unsupported_format(&repo) {
        return Err(why);
    }
    let prefix = match repo.workdir() {
        Some(wd) => {
            let wd = wd.canonicalize().unwrap_or_else(|_| wd.to_path_buf());
            let d = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            d.strip_prefix(&wd)
                .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
                .unwrap_or_default()
        }
        None => String::new(),
    };
    Ok((repo, prefix))
}

/// When `dir` is inside a git repository that gix failed to open (with
/// `error`): what is wrong and what to do, never "not a git repository".
/// A SHA-256 repository (`extensions.objectFormat = sha256`) is named as
/// such: okr's gix is built for SHA-1 object ids only.
pub fn unreadable_repository(dir: &Path, error: &str) -> Option<Fatal> {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let dot_git = dir.ancestors().map(|d| d.join(".git")).find(|g| g.exists())?;
    let config = gix::config::File::from_path_no_includes(dot_git.join("config"), gix::config::Source::Local).ok();
    let format = config.as_ref().and_then(|c| c.string("extensions.objectFormat")).map(|v| v.to_string());
    let repo = dot_git.parent().unwrap_or(&dot_git).display().to_string();
    Some(Fatal::new(match format.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("sha256") => format!(
            "{repo} is a SHA-256 git repository, which okr cannot read yet (it reads SHA-1 repositories only); \
             use a SHA-1 clone, or pass --no-history to read the files without git"
        ),
        _ => format!(
            "{repo} is a git repository okr cannot open ({error}); check it with `git fsck`, or pass --no-history to read the files without git"
        ),
    }))
}

/// A repository gix opens but okr cannot read: one whose refs are stored
/// in a reftable (`extensions.refStorage = reftable`, `git init
/// --ref-format=reftable`), which gix does not read (it would find no HEAD,
/// and the history would look empty).
fn unsupported_format(repo: &gix::Repository) -> Option<Fatal> {
    let config = repo.config_snapshot();
    let storage = config.string("extensions.refStorage")?.to_string().to_ascii_lowercase();
    (storage == "reftable").then(|| {
        let at = repo.workdir().unwrap_or_else(|| repo.git_dir()).display().to_string();
        Fatal::new(format!(
            "{at} is a reftable git repository (extensions.refStorage = reftable), which okr cannot read yet (it reads \
             repositories whose refs are files); convert it with `git refs migrate --ref-format=files`, or pass \
             --no-history to read the files without git"
        ))
    })
}

/// `gix::discover` with `git replace` refs turned off: okr reads the
/// objects as they are stored (gix's pack-based reading cannot honour
/// replacements, and panics when asked to), whatever the trust level.
pub fn discover(dir: &Path) -> std::result::Result<gix::Repository, impl std::fmt::Display> {
    let mut trust = gix::sec::trust::Mapping::<gix::open::Options>::default();
    trust.full = trust.full.config_overrides(["core.useReplaceRefs=false"]);
    trust.reduced = trust.reduced.config_overrides(["core.useReplaceRefs=false"]);
    gix::ThreadSafeRepository::discover_opts(dir, Default::default(), trust).map(Into::into)
}

/// Why the history of the repository holding `dir` cannot be read in full,
/// when its setup says so before any object is looked at: a partial clone
/// (`extensions.partialClone`, or a promisor remote) may lack the old
/// versions of files and trees, and gix does not fetch them.
pub fn history_unreadable(dir: &Path) -> Option<String> {
    let (repo, _) = open(dir).ok()?;
    let config = repo.config_snapshot();
    let promisor = config.string("extensions.partialClone").is_some()
        || repo.remote_names().iter().any(|r| config.boolean(format!("remote.{r}.promisor").as_str()) == Some(true));
    promisor.then(|| {
        "this is a partial clone (blobless or treeless), which lacks the old versions of the OKR files, so the history \
         was not used; check out without a filter and with the full history (actions/checkout: `fetch-depth: 0` and no \
         `filter:`) for trends and history-based checks"
            .to_string()
    })
}

/// When `dir` is a bare repository (or inside one): there is no working
/// tree to read, so what to do instead. `rev` adds the `--rev` way, for the
/// commands that have it.
pub fn bare_repository(dir: &Path, rev: bool) -> Option<String> {
    let repo = discover(dir).ok()?;
    if repo.workdir().is_some() {
        return None;
    }
    let dir = repo.git_dir();
    let at = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()).display().to_string();
    let or_rev = if rev { ", or read a revision of it with --rev (e.g. `--rev HEAD`)" } else { "" };
    Some(format!(
        "{at} is a bare git repository: it has no working tree, so there are no OKR files here to read; run okr in a \
         clone of it (`git clone {at}`) or a worktree (`git worktree add ../okrs-work`){or_rev}"
    ))
}

/// Whether the repository holding `dir` has no commit yet (an unborn HEAD).
pub fn unborn(dir: &Path) -> bool {
    open(dir).is_ok_and(|(repo, _)| repo.head_id().is_err())
}

/// Most symbolic links followed in one path (as Linux's `ELOOP`).
const MAX_LINK_HOPS: usize = 40;

/// `path` (repository-relative, `/`-separated) in `tree` with every symbolic
/// link along it followed, as the file system would follow it in a checkout
/// (`okrs -> teams/okrs`): the path whose history is the one read from disk.
/// A link that leaves the repository (absolute, or `..` above the top) or
/// links that loop are refused, naming the link. Parts that do not exist are
/// kept as they are.
fn resolve_links(tree: &gix::Tree<'_>, path: &str, rev: &str) -> Result<String> {
    let mut rest: std::collections::VecDeque<String> = path.split('/').map(str::to_string).collect();
    let mut done: Vec<String> = Vec::new();
    let mut hops = 0;
    let outside = |link: &str, target: &str| {
        Fatal::new(format!(
            "`{link}` is a symbolic link to `{target}` at `{rev}`, outside the repository: okr cannot read the history \
             of files git does not have; move the OKR files into the repository (or point okr.toml's `root` at them \
             there), or pass --no-history"
        ))
    };
    while let Some(part) = rest.pop_front() {
        match part.as_str() {
            "" | "." => continue,
            ".." => {
                if done.pop().is_none() {
                    return Err(outside(path, path));
                }
                continue;
            }
            _ => done.push(part),
        }
        let here = done.join("/");
        let entry = tree
            .lookup_entry_by_path(&here)
            .map_err(|e| Fatal::new(format!("git: cannot read `{here}` at `{rev}`: {e}")))?;
        let Some(entry) = entry.filter(|e| e.mode().is_link()) else { continue };
        hops += 1;
        let target = entry.object().map_err(|e| Fatal::new(format!("git: cannot read `{here}` at `{rev}`: {e}")))?;
        let target = String::from_utf8_lossy(&target.data).into_owned();
        if hops > MAX_LINK_HOPS {
            return Err(Fatal::new(format!(
                "`{here}` at `{rev}`: more than {MAX_LINK_HOPS} symbolic links in a row (a loop?); fix the links"
            )));
        }
        if target.starts_with('/') || target.contains('\\') {
            return Err(outside(&here, &target));
        }
        done.pop();
        // `..` above the top is caught when it is reached.
        let depth_ok = target.split('/').try_fold(done.len(), |d, p| match p {
            ".." => d.checked_sub(1),
            "" | "." => Some(d),
            _ => Some(d + 1),
        });
        if depth_ok.is_none() {
            return Err(outside(&here, &target));
        }
        for p in target.split('/').rev() {
            rest.push_front(p.to_string());
        }
    }
    Ok(done.join("/"))
}

/// The tree of revision `rev`'s commit (or tree).
fn tree_of<'r>(repo: &'r gix::Repository, rev: &str) -> Result<gix::Tree<'r>> {
    repo.rev_parse_single(rev)
        .map_err(|e| not_a_revision(rev, &e))?
        .object()
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| Fatal::new(format!("`{rev}` does not name a commit or tree ({e})")))
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}/{path}")
    }
}

/// Reads the configuration and OKR files of the project at `dir` as they are
/// in revision `rev`.
pub fn load_rev(dir: &Path, rev: &str) -> Result<Snapshot> {
    let (repo, prefix) = open(dir)?;
    let tree = repo
        .rev_parse_single(rev)
        .map_err(|e| not_a_revision(rev, &e))?
        .object()
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| Fatal::new(format!("`{rev}` does not name a commit or tree ({e})")))?;
    let read_blob = |path: &str| -> Result<Option<Vec<u8>>> {
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(|e| Fatal::new(format!("git: cannot read `{path}` at `{rev}`: {e}")))?;
        match entry {
            Some(e) if e.mode().is_blob() => {
                let obj =
                    e.object().map_err(|err| Fatal::new(format!("git: cannot read `{path}` at `{rev}`: {err}")))?;
                Ok(Some(obj.data.clone()))
            }
            _ => Ok(None),
        }
    };
    let config = config::from_bytes(read_blob(&join(&prefix, config::FILE_NAME))?)?;
    let root_path = resolve_links(&tree, &join(&prefix, &config.root), rev)?;
    let root = tree
        .lookup_entry_by_path(&root_path)
        .map_err(|e| Fatal::new(format!("git: cannot read `{root_path}` at `{rev}`: {e}")))?;
    let Some(root) = root.filter(|e| e.mode().is_tree()) else {
        return Ok(Snapshot { config, files: Vec::new(), root_exists: false });
    };
    let root_tree = root
        .object()
        .map(gix::Object::into_tree)
        .map_err(|e| Fatal::new(format!("git: cannot read `{root_path}` at `{rev}`: {e}")))?;
    let entries = root_tree
        .traverse()
        .breadthfirst
        .files()
        .map_err(|e| Fatal::new(format!("git: cannot list `{root_path}` at `{rev}`: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        if !entry.mode.is_blob() {
            continue;
        }
        let rel = String::from_utf8_lossy(&entry.filepath).into_owned();
        if !snapshot::is_okr_file(&rel) {
            continue;
        }
        let blob =
            repo.find_object(entry.oid).map_err(|e| Fatal::new(format!("git: cannot read `{rel}` at `{rev}`: {e}")))?;
        files.push(SourceFile { path: format!("{}/{rel}", config.root), rel, bytes: blob.data.clone() });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Snapshot { config, files, root_exists: true })
}

/// `user.name` from the git configuration of the repository at `dir`, or
/// from the user's global configuration.
pub fn user_name(dir: &Path) -> Option<String> {
    let repo = discover(dir).ok()?;
    let name = repo.config_snapshot().string("user.name")?;
    let name = name.to_string();
    (!name.trim().is_empty()).then_some(name)
}

/// The first-parent history of the OKR root, oldest first.
pub struct GitLog {
    repo: gix::Repository,
    pub entries: Vec<LogEntry>,
    blob_ids: Vec<gix::ObjectId>,
    /// The walk stopped at a shallow-clone boundary.
    pub shallow: bool,
    threads: usize,
}

/// A change to one OKR file with object ids, before blobs are numbered.
struct RawChange {
    old_path: Option<String>,
    new_path: Option<String>,
    old: Option<gix::ObjectId>,
    new: Option<gix::ObjectId>,
}

/// A commit of the first-parent line: its parents and its tree.
struct LineCommit {
    id: gix::ObjectId,
    parents: Vec<gix::ObjectId>,
    tree: gix::ObjectId,
}

/// A first-parent commit that changed OKR files: its changes, and for a
/// merge the side-branch commits with theirs.
struct Done {
    commit: LogCommit,
    changes: Vec<RawChange>,
    side: Vec<(LogCommit, Vec<RawChange>)>,
}

/// How many threads the history engine uses for diffing and decoding.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
}

/// A repository handle with caches sized for walking history: consecutive
/// commits share most trees, and packed trees and blobs are delta chains.
fn with_caches(mut repo: gix::Repository) -> gix::Repository {
    repo.objects.set_pack_cache(|| Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(4 << 20)));
    repo.object_cache_size(None);
    repo
}

/// The first-parent line of `tip`, oldest first, and whether it stopped at
/// a shallow-clone boundary. Parents and trees come from the commit-graph
/// when there is one, else from the commits themselves.
fn first_parent_line(
    repo: &gix::Repository,
    tip: gix::ObjectId,
    shallow_set: &std::collections::HashSet<gix::ObjectId>,
    rev: &str,
) -> Result<(Vec<LineCommit>, bool)> {
    let walk_err = |e: &dyn std::fmt::Display| Fatal::new(format!("git: cannot walk the history of `{rev}`: {e}"));
    let graph = repo.commit_graph_if_enabled().ok().flatten();
    let mut line = Vec::new();
    let mut next = Some(tip);
    while let Some(id) = next {
        if shallow_set.contains(&id) {
            // Its parents are listed but absent: stop, and never diff it
            // against the empty tree (that would invent introductions).
            line.reverse();
            return Ok((line, true));
        }
        let known = graph.as_ref().and_then(|g| g.commit_by_id(id).map(|c| (g, c)));
        let (parents, tree) = match known {
            Some((g, c)) => {
                let tree = c.root_tree_id().to_owned();
                let parents = c
                    .iter_parents()
                    .map(|p| p.map(|pos| g.id_at(pos).to_owned()))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| walk_err(&e))?;
                (parents, tree)
            }
            None => {
                let c = repo.find_commit(id).map_err(|e| commit_error(repo, id, &e))?;
                let tree = c.tree_id().map_err(|e| commit_error(repo, id, &e))?.detach();
                (c.parent_ids().map(|p| p.detach()).collect(), tree)
            }
        };
        next = parents.first().copied();
        line.push(LineCommit { id, parents, tree });
    }
    line.reverse();
    Ok((line, false))
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
    fn get(&mut self, repo: &gix::Repository, path: &str, id: gix::ObjectId) -> Result<Option<Tree>> {
        if let Some(slots) = self.slots.get_mut(path) {
            if let Some(i) = slots.iter().position(|(o, _)| *o == id) {
                slots.swap(0, i);
                return Ok(Some(slots[0].1.clone()));
            }
        }
        let obj = repo.find_object(id).map_err(|e| Fatal::new(format!("git: cannot read tree {id}: {e}")))?;
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

struct Differ<'r> {
    repo: &'r gix::Repository,
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
    fn new(repo: &'r gix::Repository, root: &str) -> Differ<'r> {
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
    fn okr_root(&mut self, tree: gix::ObjectId) -> Result<Option<gix::ObjectId>> {
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
    fn root_of_commit(&mut self, commit: gix::ObjectId) -> Result<Option<gix::ObjectId>> {
        let err = |e: gix::Error| commit_error(self.repo, commit, &e);
        let tree = self.repo.find_commit(commit).map_err(err)?.tree_id().map_err(err)?.detach();
        self.okr_root(tree)
    }

    /// Changes to OKR files between two OKR root trees, sorted.
    fn diff(
        &mut self,
        old_root: Option<gix::ObjectId>,
        new_root: Option<gix::ObjectId>,
        commit: gix::ObjectId,
    ) -> Result<Vec<RawChange>> {
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
    fn modified_in_place(
        &mut self,
        rel: &mut String,
        old: gix::ObjectId,
        new: gix::ObjectId,
        out: &mut Vec<RawChange>,
    ) -> Result<bool> {
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
    fn diff_roots(
        &mut self,
        old_root: Option<gix::ObjectId>,
        new_root: Option<gix::ObjectId>,
        commit: gix::ObjectId,
    ) -> Result<Vec<RawChange>> {
        let err = |e: gix::Error| Fatal::new(format!("git: cannot diff commit {commit}: {e}"));
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
        let keep = |p: &gix::bstr::BStr| {
            let p = String::from_utf8_lossy(p).into_owned();
            snapshot::is_okr_file(&p).then_some(p)
        };
        platform
            .for_each_to_obtain_tree_with_cache(&new_tree, cache, |change| {
                use gix::object::tree::diff::Change;
                let c = match change {
                    Change::Addition { location, entry_mode, id, .. } if entry_mode.is_blob() => keep(location)
                        .map(|p| RawChange { old_path: None, new_path: Some(p), old: None, new: Some(id.detach()) }),
                    Change::Deletion { location, entry_mode, id, .. } if entry_mode.is_blob() => keep(location)
                        .map(|p| RawChange { old_path: Some(p), new_path: None, old: Some(id.detach()), new: None }),
                    Change::Modification { location, entry_mode, previous_id, id, .. } if entry_mode.is_blob() => {
                        keep(location).map(|p| RawChange {
                            old_path: Some(p.clone()),
                            new_path: Some(p),
                            old: Some(previous_id.detach()),
                            new: Some(id.detach()),
                        })
                    }
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
                };
                raw.extend(c);
                Ok(gix::object::tree::diff::Action::Continue(()))
            })
            .map_err(err)?;
        cache.clear_resource_cache_keep_allocation();
        Ok(raw)
    }

    /// What the `i`th commit of the line changed, with its side-branch
    /// commits for a merge; `None` when it changed no OKR file.
    fn commit(
        &mut self,
        line: &[LineCommit],
        i: usize,
        shallow: &std::collections::HashSet<gix::ObjectId>,
    ) -> Result<Option<Done>> {
        let c = &line[i];
        let new_root = self.okr_root(c.tree)?;
        let old_root = match c.parents.first() {
            // The line is first parents: the previous commit is this one's.
            Some(_) if i > 0 => self.okr_root(line[i - 1].tree)?,
            Some(p) => self.root_of_commit(*p)?,
            None => None,
        };
        let changes = if old_root == new_root { Vec::new() } else { self.diff(old_root, new_root, c.id)? };
        if changes.is_empty() {
            // A commit that changed no OKR file is a check-in only by its
            // `Okr-Check-In:` trailers (SPEC §9), an empty commit included;
            // a merge that changed none brings in its side commits'
            // trailers (their messages only: no tree is diffed).
            if c.parents.len() > 1 {
                let side = self.side_commits(c, shallow, false)?;
                let commit = log_commit(self.repo, c.id)?;
                if side.is_empty() && crate::history::check_in_trailers(&commit.message).is_empty() {
                    return Ok(None);
                }
                return Ok(Some(Done { commit, changes, side }));
            }
            let commit = log_commit(self.repo, c.id)?;
            if crate::history::check_in_trailers(&commit.message).is_empty() {
                return Ok(None);
            }
            return Ok(Some(Done { commit, changes, side: Vec::new() }));
        }
        let side = if c.parents.len() > 1 { self.side_commits(c, shallow, true)? } else { Vec::new() };
        Ok(Some(Done { commit: log_commit(self.repo, c.id)?, changes, side }))
    }

    /// The commits merge `c` brought in (oldest first, as walked) that are
    /// check-ins: with `diff`, each with what it changed in the OKR root,
    /// kept when it changed something or has a trailer; without, only
    /// those with an `Okr-Check-In:` trailer, with no changes.
    fn side_commits(
        &mut self,
        c: &LineCommit,
        shallow: &std::collections::HashSet<gix::ObjectId>,
        diff: bool,
    ) -> Result<Vec<(LogCommit, Vec<RawChange>)>> {
        let mut side = Vec::new();
        let walk_err = |e: gix::Error| Fatal::new(format!("git: cannot walk the merge {}: {e}", c.id));
        for p in &c.parents[1..] {
            let walk = self.repo.rev_walk([*p]).with_hidden([c.parents[0]]).all().map_err(walk_err)?;
            let mut commits = Vec::new();
            for info in walk {
                let info = info.map_err(walk_err)?;
                if shallow.contains(&info.id) {
                    break;
                }
                let sc = self.repo.find_commit(info.id).map_err(walk_err)?;
                // Without diffs only trailers count: other commits are not
                // decoded any further.
                if !diff && !crate::history::has_check_in_trailer(sc.message_raw_sloppy()) {
                    continue;
                }
                let ps: Vec<gix::ObjectId> = sc.parent_ids().map(|p| p.detach()).collect();
                if let [only] = ps.as_slice() {
                    commits.push((info.id, *only));
                }
            }
            commits.reverse();
            for (sc, parent) in commits {
                let commit = log_commit(self.repo, sc)?;
                let trailers = !crate::history::check_in_trailers(&commit.message).is_empty();
                let ch = if diff {
                    let new = self.root_of_commit(sc)?;
                    let old = self.root_of_commit(parent)?;
                    self.diff(old, new, sc)?
                } else {
                    Vec::new()
                };
                if !ch.is_empty() || trailers {
                    side.push((commit, ch));
                }
            }
        }
        Ok(side)
    }
}

fn log_commit(repo: &gix::Repository, id: gix::ObjectId) -> Result<LogCommit> {
    let err = |e: gix::Error| commit_error(repo, id, &e);
    let c = repo.find_commit(id).map_err(err)?;
    let author = c.author().map_err(err)?;
    // A check-in is dated by its author time: never guess one.
    let time = author.time().map_err(|e| commit_error(repo, id, &e))?.seconds;
    Ok(LogCommit {
        id: id.to_string(),
        time,
        author: author.name.to_string(),
        message: c.message_raw_sloppy().to_string(),
    })
}

/// Commit `id` could not be read (`e`): says so, naming the author or
/// committer line whose date git cannot parse when that is why.
fn commit_error(repo: &gix::Repository, id: gix::ObjectId, e: &dyn std::fmt::Display) -> Fatal {
    let detail = repo
        .try_find_object(id)
        .ok()
        .flatten()
        .and_then(|o| bad_signature_date(&o.data))
        .map_or_else(String::new, |d| format!(" ({d})"));
    Fatal::new(format!("git: cannot read commit {id}: {e}{detail}; `git fsck` shows what else is damaged"))
}

/// The first `author` or `committer` header of a raw commit whose date is
/// not git's `SECONDS +HHMM`, in words.
fn bad_signature_date(raw: &[u8]) -> Option<String> {
    for line in raw.split(|b| *b == b'\n').take_while(|l| !l.is_empty()) {
        let Some((field, rest)) = [&b"author "[..], b"committer "]
            .iter()
            .find_map(|f| line.strip_prefix(*f).map(|r| (String::from_utf8_lossy(&f[..f.len() - 1]), r)))
        else {
            continue;
        };
        let tail = rest.iter().rposition(|b| *b == b'>').map_or(rest, |i| &rest[i + 1..]);
        let tail = String::from_utf8_lossy(tail);
        let mut parts = tail.split_whitespace();
        let seconds = parts.next().is_some_and(|t| t.strip_prefix('-').unwrap_or(t).parse::<u64>().is_ok());
        let offset = parts.next().is_some_and(|z| {
            z.len() == 5 && (z.starts_with('+') || z.starts_with('-')) && z[1..].bytes().all(|b| b.is_ascii_digit())
        });
        if !seconds || !offset || parts.next().is_some() {
            let shown: String = tail.trim().chars().take(60).collect();
            return Some(format!(
                "its {field} date `{shown}` cannot be parsed: git writes seconds since 1970 and an offset, like `1767690000 +0100`"
            ));
        }
    }
    None
}

/// Runs `work` over contiguous chunks of `items` on up to `n` threads, each
/// with its own repository handle; results keep item order.
fn parallel<T: Sync, R: Send>(
    repo: &gix::Repository,
    items: &[T],
    n: usize,
    work: impl Fn(&gix::Repository, &[T]) -> Result<Vec<R>> + Sync,
) -> Result<Vec<R>> {
    if n <= 1 || items.len() < 64 {
        return work(repo, items);
    }
    on_threads(repo, items.chunks(items.len().div_ceil(n)).collect(), work)
}

/// Runs `work` over each part on its own thread, each with its own
/// repository handle; results keep part order.
fn on_threads<T: Sync, R: Send>(
    repo: &gix::Repository,
    parts: Vec<&[T]>,
    work: impl Fn(&gix::Repository, &[T]) -> Result<Vec<R>> + Sync,
) -> Result<Vec<R>> {
    let shared = repo.clone().into_sync();
    let results: Vec<Result<Vec<R>>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                let shared = &shared;
                let work = &work;
                s.spawn(move || work(&with_caches(shared.to_thread_local()), part))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Fatal::new("internal error: a history thread failed"))))
            .collect()
    });
    let mut out = Vec::new();
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// A pack cache for decoding a known list of objects in pack order: it
/// keeps exactly the decoded objects that later objects of the list are
/// deltas against, each until its last such use. gix only offers the cache
/// the objects it was asked for (not the bases it resolved on the way), so
/// the list must hold the bases too.
struct BaseCache {
    /// (pack, data offset) of a base -> deltas against it still to decode.
    uses: std::collections::HashMap<(u32, u64), u32>,
    kept: std::collections::HashMap<(u32, u64), (Vec<u8>, gix::object::Kind, usize)>,
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

impl GitLog {
    /// Walks the first-parent history of `rev` for the project at `dir`,
    /// recording every change to the files under `root` (the OKR root
    /// relative to the project).
    pub fn read(dir: &Path, rev: &str, root: &str) -> Result<GitLog> {
        GitLog::read_on(dir, rev, root, threads())
    }

    /// [`GitLog::read`] on up to `threads` threads.
    fn read_on(dir: &Path, rev: &str, root: &str, threads: usize) -> Result<GitLog> {
        let (repo, prefix) = open(dir)?;
        let repo = with_caches(repo);
        // The root as a checkout has it: through its symbolic links at the tip.
        let tip_tree = tree_of(&repo, rev)?;
        let shown = root;
        let root = resolve_links(&tip_tree, &join(&prefix, root), rev)?;
        let tracked = tip_tree.lookup_entry_by_path(&root).ok().flatten().is_some();
        if !tracked && dir.join(shown).symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            // Files read through a link git does not have: their history is
            // elsewhere, or nowhere; never an empty one.
            let target = std::fs::read_link(dir.join(shown)).map(|t| t.display().to_string()).unwrap_or_default();
            return Err(Fatal::new(format!(
                "`{shown}` is a symbolic link (to `{target}`) that `{rev}` does not have, so okr cannot tell which \
                 history its files have; commit the link, or point okr.toml's `root` at the folder it links to"
            )));
        }
        drop(tip_tree);
        let tip = repo
            .rev_parse_single(rev)
            .map_err(|e| not_a_revision(rev, &e))?
            .object()
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| Fatal::new(format!("`{rev}` does not name a commit ({e})")))?
            .id;
        let shallow_set: std::collections::HashSet<gix::ObjectId> =
            repo.shallow_commits().ok().flatten().map(|c| c.iter().copied().collect()).unwrap_or_default();

        // 1. The first-parent line.
        let (line, shallow) = first_parent_line(&repo, tip, &shallow_set, rev)?;

        // 2. Each thread takes a contiguous run of the line and diffs it
        // newest first, as git packs objects: a repacked pack stores the
        // newest version of a tree whole and older ones as deltas against
        // newer ones, so each tree's delta base is then still cached.
        let items: Vec<usize> = (0..line.len()).collect();
        let done = parallel(&repo, &items, threads, |repo, part| {
            let mut d = Differ::new(repo, &root);
            let mut out = Vec::new();
            for &i in part.iter().rev() {
                out.extend(d.commit(&line, i, &shallow_set)?);
            }
            out.reverse();
            Ok(out)
        })?;

        // 3. Number the blobs in commit order, so the log is deterministic.
        let mut blob_index: std::collections::HashMap<gix::ObjectId, usize> = Default::default();
        let mut blob_ids = Vec::new();
        let mut number = |raw: Vec<RawChange>| -> Vec<FileChange> {
            let mut idx = |id: gix::ObjectId| {
                *blob_index.entry(id).or_insert_with(|| {
                    blob_ids.push(id);
                    blob_ids.len() - 1
                })
            };
            raw.into_iter()
                .map(|r| FileChange {
                    old_path: r.old_path,
                    new_path: r.new_path,
                    old_blob: r.old.map(&mut idx),
                    new_blob: r.new.map(&mut idx),
                })
                .collect()
        };
        let mut entries = Vec::with_capacity(done.len());
        for d in done {
            let changes = number(d.changes);
            let mut side: Vec<(LogCommit, Vec<FileChange>)> =
                d.side.into_iter().map(|(c, ch)| (c, number(ch))).collect();
            side.sort_by_key(|(c, _)| c.time);
            entries.push(LogEntry { commit: d.commit, changes, side });
        }
        Ok(GitLog { repo, entries, blob_ids, shallow, threads })
    }

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
    pub fn parse_blobs<T: Send>(&self, parse: impl Fn(&[u8]) -> T + Sync) -> Result<Vec<(usize, T)>> {
        use gix::odb::pack::Find;
        let hash = self.repo.object_hash();
        // Where each blob is, and its delta base's pack offset if it is a
        // delta in the same pack.
        let indices: Vec<usize> = (0..self.blob_ids.len()).collect();
        let ids = &self.blob_ids;
        let located = parallel(&self.repo, &indices, self.threads, |repo, part| {
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
        })?;
        drop(indices);
        let mut packed: Vec<BlobAt> = Vec::with_capacity(self.blob_ids.len());
        let mut loose: Vec<usize> = Vec::new();
        let mut base_offsets: Vec<Option<u64>> = Vec::with_capacity(self.blob_ids.len());
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
        let mut by_offset: std::collections::HashMap<(u32, u64), usize> = std::collections::HashMap::new();
        let packed: Vec<BlobAt> = order
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
        drop((order, by_offset, base_offsets));

        // Delta trees, largest first, each to the least loaded thread.
        let n = if packed.len() < 64 { 1 } else { self.threads.max(1) };
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
        drop((root, size, thread_of));

        let packed = &packed;
        let work = |repo: &gix::Repository, part: &[BlobAt]| -> Result<Vec<(usize, T)>> {
            let mut uses: std::collections::HashMap<(u32, u64), u32> = std::collections::HashMap::new();
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
                    let obj =
                        repo.find_object(id).map_err(|e| Fatal::new(format!("git: cannot read blob {id}: {e}")))?;
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
}

/// The per-KR history of the OKR root up to `rev`: every blob is read once
/// (in pack order) and parsed once.
pub fn history(dir: &Path, rev: &str, root: &str) -> Result<crate::history::History> {
    let log = GitLog::read(dir, rev, root)?;
    // KR ids, one copy each, shared by every version that has them.
    let ids: std::sync::Mutex<std::collections::HashSet<std::sync::Arc<str>>> = Default::default();
    let intern = |kr: &str| {
        let mut ids = ids.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match ids.get(kr) {
            Some(id) => id.clone(),
            None => {
                let id: std::sync::Arc<str> = kr.into();
                ids.insert(id.clone());
                id
            }
        }
    };
    let mut blobs: Vec<crate::history::PackedKrs> = vec![Default::default(); log.blob_count()];
    for (i, v) in log.parse_blobs(|bytes| crate::history::PackedKrs::new(crate::history::extract(bytes), intern))? {
        blobs[i] = v;
    }
    drop(ids);
    let mut history = crate::history::build(&log.entries, &blobs, log.shallow);
    // Name files as the project sees them, like every other message.
    for w in &mut history.warnings {
        *w = format!("{root}/{w}");
    }
    Ok(history)
}

/// The repository of a project as `okr set` and `okr sync` see it: where
/// the project is in the working tree and, with a commit to make, the
/// index lock, held from before the index is read until it is written back
/// (as `git commit` does). Files are checked one by one
/// ([`CheckIn::ensure_unchanged`]) and committed together, in one commit
/// ([`CheckIn::commit`]).
pub struct CheckIn {
    repo: gix::Repository,
    /// The project's folder relative to the working tree, `/`-separated.
    prefix: String,
    lock: Option<gix::lock::File>,
    /// The index, read once.
    index: std::cell::OnceCell<gix::index::File>,
}

/// A file found as HEAD has it: HEAD, where git tracks the file and the
/// kind of its entry in HEAD's tree.
pub struct Committed {
    commit: gix::ObjectId,
    tree: gix::ObjectId,
    /// Relative to the repository's working tree, `/`-separated.
    path: String,
    /// Relative to the project root, for messages.
    shown: String,
    kind: gix::object::tree::EntryKind,
}

impl CheckIn {
    /// The repository holding the project at `project`; `None` outside a
    /// git repository. With `lock`, the index is locked until the check-in
    /// is committed or dropped.
    pub fn open(project: &Path, lock: bool) -> Result<Option<CheckIn>> {
        let (repo, prefix) = match discover(project) {
            Ok(_) => open(project)?,
            // A repository okr cannot open is not "no repository": its
            // dirty-file guard must not be skipped.
            Err(e) => match unreadable_repository(project, &e.to_string()) {
                Some(why) => return Err(why),
                None => return Ok(None),
            },
        };
        if repo.workdir().is_none() {
            return Ok(None);
        }
        let lock = if lock {
            let index = repo.index_path();
            Some(
                gix::lock::File::acquire_to_update_resource(&index, gix::lock::acquire::Fail::Immediately, None, 0)
                    .map_err(|e| {
                        Fatal::new(format!(
                            "cannot lock the git index ({e}); if no other git command is running, remove {}.lock",
                            index.display()
                        ))
                    })?,
            )
        } else {
            None
        };
        Ok(Some(CheckIn { repo, prefix, lock, index: std::cell::OnceCell::new() }))
    }

    fn fail<'a>(&self, what: &str, shown: &'a str) -> impl Fn(gix::Error) -> Fatal + 'a {
        let what = what.to_string();
        move |e| Fatal::new(format!("git: cannot {what} `{shown}`: {e}"))
    }

    /// Refuses unless `file` (relative to the project), whose bytes in the
    /// working tree are `worktree`, is as HEAD has it, both in the working
    /// tree (after git's line-ending rules) and in the index. A file HEAD
    /// does not have counts as changed.
    pub fn ensure_unchanged(&self, file: &str, worktree: &[u8]) -> Result<Committed> {
        let shown = file;
        let hint = "commit or stash them first, or pass --allow-dirty (without --commit) to edit the file anyway";
        let head = self.repo.head().map_err(self.fail("read HEAD for", shown))?;
        let Some(commit) = head.id() else {
            return Err(Fatal::new(format!(
                "`{shown}` has no committed version: the repository has no commits yet; commit it first, or pass --allow-dirty (without --commit) to edit it anyway"
            )));
        };
        let tree = commit.object().and_then(|o| o.peel_to_tree()).map_err(self.fail("read HEAD for", shown))?;
        // The file as git tracks it: through the symbolic links HEAD has
        // along its path (`okrs -> teams/okrs`), as the write followed them.
        let path = resolve_links(&tree, &join(&self.prefix, file), "HEAD")?;
        let entry = tree
            .lookup_entry_by_path(&path)
            .map_err(self.fail("read HEAD's version of", shown))?
            .ok_or_else(|| {
                Fatal::new(format!(
                    "`{shown}` is not committed yet (HEAD does not have it); commit it first, or pass --allow-dirty (without --commit) to edit it anyway"
                ))
            })?;
        let kind = entry.mode().kind();
        if !matches!(kind, gix::object::tree::EntryKind::Blob | gix::object::tree::EntryKind::BlobExecutable) {
            return Err(Fatal::new(format!(
                "`{shown}` is not a regular file in HEAD (a symbolic link or submodule); okr set edits regular files only"
            )));
        }
        let blob = entry.object_id();
        let committed = self.repo.find_blob(blob).map_err(self.fail("read HEAD's version of", shown))?;
        let index = self.index(shown)?;
        if committed.data != worktree && self.to_git(&path, shown, worktree, index)? != committed.data {
            return Err(Fatal::new(format!("`{shown}` has uncommitted changes; {hint}")));
        }
        let bpath: &gix::bstr::BStr = path.as_str().into();
        if index.entry_range(bpath).is_some_and(|r| r.len() > 1 || index.entry(r.start).stage_raw() != 0) {
            return Err(Fatal::new(format!("`{shown}` has merge conflicts; resolve them first")));
        }
        match index.entry_by_path_and_stage(bpath, gix::index::entry::Stage::Unconflicted) {
            None => Err(Fatal::new(format!("`{shown}` is staged for removal (it is not in the git index); {hint}"))),
            Some(e) if e.id != blob => Err(Fatal::new(format!("`{shown}` has staged changes; {hint}"))),
            Some(_) => Ok(Committed { commit: commit.detach(), tree: tree.id, path, shown: shown.to_string(), kind }),
        }
    }

    /// The index (read once), or an empty one when the repository has no
    /// index file.
    fn index(&self, shown: &str) -> Result<&gix::index::File> {
        if let Some(index) = self.index.get() {
            return Ok(index);
        }
        let index = if self.repo.index_path().exists() {
            self.repo.open_index().map_err(self.fail("read the index for", shown))?
        } else {
            gix::index::File::from_state(gix::index::State::new(self.repo.object_hash()), self.repo.index_path())
        };
        Ok(self.index.get_or_init(|| index))
    }

    /// `bytes` as git stores them for the file at `path` (in the working
    /// tree): line endings and the other built-in conversions of
    /// `.gitattributes` and `core.autocrlf` applied, as `git add` would.
    /// External filter drivers (`filter=...`) are not run; a file that
    /// needs one reads as changed.
    fn to_git(&self, path: &str, shown: &str, bytes: &[u8], index: &gix::index::State) -> Result<Vec<u8>> {
        use gix::filter::plumbing::pipeline::convert::ToGitOutcome;
        use gix::objs::Find;
        use std::io::Read;
        let fail = self.fail("apply the line-ending rules to", shown);
        let (pipeline, _) = self.repo.filter_pipeline(None).map_err(&fail)?;
        let (mut filters, mut attributes) = pipeline.into_parts();
        filters.options_mut().drivers.clear();
        let fs_path = Path::new(path);
        let io = |e: std::io::Error| Fatal::new(format!("git: cannot apply the line-ending rules to `{shown}`: {e}"));
        let platform =
            attributes.at_path(fs_path, Some(gix::index::entry::Mode::FILE), &self.repo.objects).map_err(io)?;
        let bpath: &gix::bstr::BStr = path.into();
        let outcome = filters
            .convert_to_git(
                bytes,
                fs_path,
                &mut |_, out| {
                    platform.matching_attributes(out);
                },
                &mut |buf| {
                    let Some(entry) = index.entry_by_path(bpath) else {
                        return Ok(None);
                    };
                    Ok(self
                        .repo
                        .objects
                        .try_find(&entry.id, buf)?
                        .filter(|o| o.kind == gix::object::Kind::Blob)
                        .map(|_| ()))
                },
            )
            .map_err(&fail)?;
        let mut out = Vec::new();
        match outcome {
            ToGitOutcome::Unchanged(mut r) => {
                r.read_to_end(&mut out).map_err(io)?;
            }
            ToGitOutcome::Buffer(b) => out.extend_from_slice(b),
            ToGitOutcome::Process(mut r) => {
                r.read_to_end(&mut out).map_err(io)?;
            }
        }
        Ok(out)
    }

    /// Refuses unless git knows who commits (`user.name` and `user.email`,
    /// or the `GIT_AUTHOR_*`/`GIT_COMMITTER_*` variables).
    pub fn ensure_identity(&self) -> Result<()> {
        use gix::bstr::ByteSlice;
        let missing = "git does not know who you are, so okr cannot commit: run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`";
        for who in [self.repo.author(), self.repo.committer()] {
            match who {
                None => return Err(Fatal::new(missing)),
                Some(Err(e)) => return Err(Fatal::new(format!("git: cannot read the commit identity: {e}"))),
                Some(Ok(s)) if s.name.trim().is_empty() || s.email.trim().is_empty() => {
                    return Err(Fatal::new(missing))
                }
                Some(Ok(_)) => {}
            }
        }
        Ok(())
    }

    /// Whether git is configured to sign commits (`commit.gpgsign`), which
    /// okr does not do.
    pub fn signs_commits(&self) -> bool {
        self.repo.config_snapshot().boolean("commit.gpgsign").unwrap_or(false)
    }

    /// Commits the new versions of `files` (each found unchanged, its new
    /// bytes already written at its path) in one commit: HEAD's tree with
    /// their blobs replaced, HEAD as the parent; the branch HEAD points to
    /// (or a detached HEAD) moves to the new commit. With no files, a commit
    /// of HEAD's tree as it is (for a message of check-in trailers). Each
    /// file's index entry gets its new blob and stat, so it reads as clean;
    /// every other index entry, staged or not, stays as it was. Returns the
    /// short commit id.
    pub fn commit(mut self, files: Vec<(&Committed, &Path, &[u8])>, message: &str) -> Result<String> {
        let Some(lock) = self.lock.take() else {
            return Err(Fatal::new("internal error: the git index was not locked for the commit"));
        };
        let shown = match files.as_slice() {
            [(c, ..)] => c.shown.clone(),
            _ => format!("{} files", files.len()),
        };
        let fail = |e: gix::Error| Fatal::new(format!("`{shown}` was updated, but git could not commit it: {e}"));
        let (commit, tree) = match files.first() {
            Some((c, ..)) => (c.commit, c.tree),
            None => {
                let head = self
                    .repo
                    .head_commit()
                    .map_err(|e| Fatal::new(format!("git: cannot commit: the repository has no commits yet ({e})")))?;
                let tree = head.tree_id().map_err(|e| Fatal::new(format!("git: cannot read HEAD's tree: {e}")))?;
                (head.id, tree.detach())
            }
        };
        if files.iter().any(|(c, ..)| c.commit != commit) {
            return Err(Fatal::new("HEAD moved while okr was checking the files; run the command again"));
        }
        let mut index = match self.index.take() {
            Some(index) => index,
            None => {
                self.index(&shown)?;
                self.index.take().ok_or_else(|| Fatal::new("internal error: the git index could not be read"))?
            }
        };
        let mut editor = self.repo.edit_tree(tree).map_err(&fail)?;
        let mut blobs = Vec::with_capacity(files.len());
        for (c, _, bytes) in &files {
            let git_bytes = self.to_git(&c.path, &c.shown, bytes, &index)?;
            let blob = self.repo.write_blob(git_bytes).map_err(&fail)?.detach();
            editor.upsert(c.path.as_str(), c.kind, blob).map_err(&fail)?;
            blobs.push(blob);
        }
        let new_tree = editor.write().map_err(&fail)?.detach();
        let id = self.repo.commit("HEAD", message, new_tree, [commit]).map_err(&fail)?;
        let short = id.shorten_or_id().to_string();
        let paths: Vec<&str> = files.iter().map(|(c, ..)| c.path.as_str()).collect();
        let index_failed = |e: String| {
            Fatal::new(format!(
                "committed {short}, but the git index could not be updated ({e}); run `git reset -q -- {}` to bring it in line",
                paths.join(" ")
            ))
        };
        for ((c, file, _), blob) in files.iter().zip(blobs) {
            let path: &gix::bstr::BStr = c.path.as_str().into();
            let Some(entry) = index.entry_mut_by_path_and_stage(path, gix::index::entry::Stage::Unconflicted) else {
                return Err(index_failed(format!("the entry of `{}` is gone", c.shown)));
            };
            entry.id = blob;
            // Without a stat, git re-reads the file once and then finds it clean.
            entry.stat = gix::index::fs::Metadata::from_path_no_follow(file)
                .ok()
                .and_then(|m| gix::index::entry::Stat::from_fs(&m).ok())
                .unwrap_or_default();
            if let Some(cache) = index.tree_mut() {
                invalidate_tree_cache(cache, &c.path);
            }
        }
        // Written whole, with the entries and the tree cache as changed here. Of
        // the optional extensions gix writes only the tree cache; git rebuilds
        // the others (untracked cache, fsmonitor state) when it needs them.
        let mut out = std::io::BufWriter::new(lock);
        index.write_to(&mut out, gix::index::write::Options::default()).map_err(|e| index_failed(e.to_string()))?;
        let lock = out.into_inner().map_err(|e| index_failed(e.error().to_string()))?;
        lock.commit().map_err(|e| index_failed(e.error.to_string()))?;
        Ok(short)
    }
}

/// Marks the cached tree ids of `path`'s folders as stale, as git does when
/// an index entry changes (the cache would otherwise name the old trees).
fn invalidate_tree_cache(tree: &mut gix::index::extension::Tree, path: &str) {
    tree.num_entries = None;
    if let Some((dir, rest)) = path.split_once('/') {
        if let Some(child) = tree.children.iter_mut().find(|c| c.name.as_slice() == dir.as_bytes()) {
            invalidate_tree_cache(child, rest);
        }
    }
}

/// The commits a pull request compares: `head` and its merge base with
/// `base` (what GitHub's "Files changed" tab compares), as full hex ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrCommits {
    pub merge_base: String,
    pub head: String,
}

/// Resolves `base` and `head` to commits and finds their merge base.
pub fn pr_commits(dir: &Path, base: &str, head: &str) -> Result<PrCommits> {
    let (repo, _) = open(dir)?;
    let commit = |rev: &str| -> Result<gix::ObjectId> {
        let id = repo.rev_parse_single(rev).map_err(|e| not_a_revision(rev, &e))?;
        let c = id
            .object()
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| Fatal::new(format!("`{rev}` does not name a commit ({e})")))?;
        Ok(c.id)
    };
    let (b, h) = (commit(base)?, commit(head)?);
    let merge_base = repo
        .merge_base(b, h)
        .map_err(|e| Fatal::new(format!("git: cannot find the merge base of `{base}` and `{head}`: {e}")))?
        .ok_or_else(|| {
            Fatal::new(format!(
                "`{base}` and `{head}` have no common history (in a shallow clone, fetch the full history: `fetch-depth: 0`)"
            ))
        })?;
    Ok(PrCommits { merge_base: merge_base.detach().to_string(), head: h.to_string() })
}

/// A revision gix could not resolve. Its own words ("couldn't parse
/// revision, input=...", "delegate.traverse(NthAncestor(9999)) failed")
/// are for programmers; only an ambiguous short id's detail helps people.
fn not_a_revision(rev: &str, e: &dyn std::fmt::Display) -> Fatal {
    let detail = e.to_string();
    if detail.contains("mbiguous") || detail.contains("matched") {
        return Fatal::new(format!("`{rev}` is not a revision of this repository ({detail})"));
    }
    Fatal::new(format!(
        "`{rev}` is not a revision of this repository: name a branch, a tag or a commit (`git log --oneline` lists commits)"
    ))
}

#[cfg(test)]
mod tests;

/// The commit `--as-of` reads (SPEC §5): the newest commit on the
/// first-parent line of `rev` whose commit time is at or before `until`
/// (the end of that day, UTC). `Ok(None)` when that
/// is `rev` itself (nothing newer: the caller reads as without `--as-of`),
/// or when there is no history to pin (not a repository, no commits yet).
/// An error, naming the first commit's date, when every commit is newer.
pub fn as_of_commit(dir: &Path, rev: &str, date: jiff::civil::Date) -> Result<Option<String>> {
    let until = crate::history::day_start(date) + 86_399;
    let Ok((repo, _)) = open(dir) else {
        return Ok(None);
    };
    let tip = match repo.rev_parse_single(rev) {
        Ok(id) => {
            id.object()
                .and_then(|o| o.peel_to_commit())
                .map_err(|e| Fatal::new(format!("`{rev}` does not name a commit ({e})")))?
                .id
        }
        // An unborn HEAD has no history to pin; a named revision must exist.
        Err(_) if rev == "HEAD" => return Ok(None),
        Err(e) => return Err(not_a_revision(rev, &e)),
    };
    let walk_err = |e: &dyn std::fmt::Display| Fatal::new(format!("git: cannot walk the history of `{rev}`: {e}"));
    let shallow: std::collections::HashSet<gix::ObjectId> =
        repo.shallow_commits().ok().flatten().map(|c| c.iter().copied().collect()).unwrap_or_default();
    let graph = repo.commit_graph_if_enabled().ok().flatten();
    let mut next = Some(tip);
    let mut oldest = None;
    while let Some(id) = next {
        let known = graph.as_ref().and_then(|g| g.commit_by_id(id).map(|c| (g, c)));
        let (time, parent) = match known {
            Some((g, c)) => {
                let parent = match c.iter_parents().next() {
                    Some(p) => Some(g.id_at(p.map_err(|e| walk_err(&e))?).to_owned()),
                    None => None,
                };
                (c.committer_timestamp() as i64, parent)
            }
            None => {
                let c = repo.find_commit(id).map_err(|e| commit_error(&repo, id, &e))?;
                let committer = c.committer().map_err(|e| commit_error(&repo, id, &e))?;
                let time = committer.time().map_err(|e| commit_error(&repo, id, &e))?.seconds;
                let parent = c.parent_ids().next().map(|p| p.detach());
                (time, parent)
            }
        };
        if time <= until {
            return Ok((id != tip).then(|| id.to_string()));
        }
        oldest = Some(time);
        next = if shallow.contains(&id) { None } else { parent };
    }
    let first =
        oldest.and_then(crate::history::utc_date).map_or_else(String::new, |d| format!(" (the first is from {d})"));
    Err(Fatal::new(format!("there is no commit of `{rev}` on or before {date}{first}, so there are no OKRs to read as of then: pick a later --as-of date")))
}
