//! The history engine's threads: how many, and work split over them, each
//! with its own repository handle and caches.

use super::error::GitError;

/// How many threads the history engine uses for diffing and decoding.
pub(super) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
}

/// A repository handle with caches sized for walking history: consecutive
/// commits share most trees, and packed trees and blobs are delta chains.
pub(super) fn with_caches(mut repo: gix::Repository) -> gix::Repository {
    repo.objects.set_pack_cache(|| Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(4 << 20)));
    repo.object_cache_size(None);
    repo
}

/// Runs `work` over contiguous chunks of `items` on up to `n` threads, each
/// with its own repository handle; results keep item order.
pub(super) fn parallel<T: Sync, R: Send>(
    repo: &gix::Repository,
    items: &[T],
    n: usize,
    work: impl Fn(&gix::Repository, &[T]) -> Result<Vec<R>, GitError> + Sync,
) -> Result<Vec<R>, GitError> {
    if n <= 1 || items.len() < 64 {
        return work(repo, items);
    }
    on_threads(repo, items.chunks(items.len().div_ceil(n)).collect(), work)
}

/// Runs `work` over each part on its own thread, each with its own
/// repository handle; results keep part order.
pub(super) fn on_threads<T: Sync, R: Send>(
    repo: &gix::Repository,
    parts: Vec<&[T]>,
    work: impl Fn(&gix::Repository, &[T]) -> Result<Vec<R>, GitError> + Sync,
) -> Result<Vec<R>, GitError> {
    let shared = repo.clone().into_sync();
    let results: Vec<Result<Vec<R>, GitError>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                let shared = &shared;
                let work = &work;
                s.spawn(move || work(&with_caches(shared.to_thread_local()), part))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(Err(GitError::ThreadFailed))).collect()
    });
    let mut out = Vec::new();
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}
