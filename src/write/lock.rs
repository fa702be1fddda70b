//! One render at a time per tracked folder: an advisory lock (`flock`) on the `.archgen`
//! folder (or, for an untracked preview, on the output folder) held for the whole render. A
//! second render waits for the first and says so; a lock dies with its process, so a killed
//! render never leaves one behind.

use anyhow::Context as _;
use std::path::Path;
use std::time::SystemTime;

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
    /// When the lock was taken: temporary files older than this are no live run's.
    pub since: SystemTime,
}

/// Locks `dir` (created if missing) for a render into `what`, waiting for a render that holds
/// it already.
pub fn acquire(dir: &Path, what: &Path) -> anyhow::Result<Lock> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
    let file = std::fs::File::open(dir)
        .with_context(|| format!("failed to open `{}` to lock it", dir.display()))?;
    if !try_lock(&file, dir)? {
        eprintln!(
            "waiting: another archgen is rendering into `{}`; this render starts when it ends",
            what.display()
        );
        lock(&file, dir)?;
    }
    Ok(Lock {
        _file: file,
        since: SystemTime::now(),
    })
}

#[cfg(unix)]
fn try_lock(file: &std::fs::File, dir: &Path) -> anyhow::Result<bool> {
    use std::os::fd::AsRawFd as _;
    // SAFETY: flock on a descriptor this function's caller owns and keeps open.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.kind() == std::io::ErrorKind::WouldBlock {
        return Ok(false);
    }
    Err(e).with_context(|| format!("failed to lock `{}`", dir.display()))
}

#[cfg(unix)]
fn lock(file: &std::fs::File, dir: &Path) -> anyhow::Result<()> {
    use std::os::fd::AsRawFd as _;
    loop {
        // SAFETY: as in `try_lock`.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e).with_context(|| format!("failed to lock `{}`", dir.display()));
        }
    }
}

// Elsewhere renders are not serialized; each file is still written atomically.
#[cfg(not(unix))]
fn try_lock(_: &std::fs::File, _: &Path) -> anyhow::Result<bool> {
    Ok(true)
}

#[cfg(not(unix))]
fn lock(_: &std::fs::File, _: &Path) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), dir.path()).unwrap();
        let path = dir.path().to_owned();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let second = acquire(&path, &path).unwrap();
            tx.send(second.since).unwrap();
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(rx.try_recv().is_err(), "the second lock did not wait");
        let released = SystemTime::now();
        drop(first);
        let since = rx.recv().unwrap();
        waiter.join().unwrap();
        assert!(since >= released);
    }
}
