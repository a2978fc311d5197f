"""A run folder belongs to one run: claiming it, locking it, cleaning it.

:func:`claim_run_folder` is what :meth:`condgan.training.Trainer.fit` does
before writing anything:

1. take the lock ``run.lock`` (an advisory ``flock`` where the platform has
   one, holding the owner's process id): a second writer, even on an empty
   folder, is refused with a message naming the process that holds it; a
   lock left by a killed process is taken over;
2. refuse a folder that already holds another run's files (checkpoints,
   samples, metrics, plots) unless the run resumes from it or ``overwrite``
   is given; with ``overwrite`` those files (and only those) are removed;
3. delete temporary files left by an atomic write that was killed.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

from condgan.files import remove_temporaries

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "LOCK_NAME",
    "RUN_FILES",
    "RunFolderError",
    "RunFolderInUseError",
    "RunLock",
    "claim_run_folder",
    "run_files",
]

#: The lock file's name inside a run folder.
LOCK_NAME = "run.lock"

#: What a run writes into its folder (names or glob patterns); only these are
#: what "the folder holds a run" means and what ``overwrite`` removes.
RUN_FILES: tuple[str, ...] = (
    "checkpoints",
    "samples",
    "tb",
    "metrics.jsonl",
    "metrics.csv",
    "progress.gif",
    "loss_curves.png",
)


class RunFolderError(FileExistsError):
    """The run folder holds another run (pass ``--resume`` or ``--overwrite``)."""


class RunFolderInUseError(RunFolderError):
    """Another process is writing to the run folder.

    Attributes:
        pid: the other process's id (``None`` when the lock file does not say).
    """

    def __init__(self, message: str, pid: int | None) -> None:
        super().__init__(message)
        self.pid = pid


def run_files(folder: str | os.PathLike) -> list[Path]:
    """The files and folders of a run (:data:`RUN_FILES`) present in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for pattern in RUN_FILES:
        found.extend(sorted(folder.glob(pattern)))
    return found


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunLock:
    """An exclusive lock on a run folder, held from :meth:`acquire` to :meth:`release`.

    The lock file holds ``"<pid> <host>"``. With ``fcntl`` the operating system
    releases the lock when the holder dies (even by ``kill -9``); without it,
    a lock whose process is gone (same host) is taken over.
    """

    def __init__(self, folder: str | os.PathLike) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _holder(self) -> tuple[int | None, str]:
        try:
            text = self.path.read_text().split()
        except OSError:
            return None, ""
        pid = int(text[0]) if text and text[0].isdigit() else None
        return pid, text[1] if len(text) > 1 else ""

    def _refuse(self) -> RunFolderInUseError:
        pid, host = self._holder()
        who = f"process {pid}" if pid is not None else "another process"
        if host and host != socket.gethostname():
            who += f" on {host}"
        return RunFolderInUseError(
            f"run folder {self.path.parent} is in use by {who} (lock file {self.path}); "
            "wait for it to finish, stop it, or choose another output folder (--out)",
            pid,
        )

    def acquire(self) -> RunLock:
        """Take the lock or raise :class:`RunFolderInUseError` naming the holder."""
        if self._fd is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    raise self._refuse() from None
            else:  # pragma: no cover - Windows
                pid, host = self._holder()
                same_host = host in ("", socket.gethostname())
                if pid is not None and pid != os.getpid() and same_host and _pid_alive(pid):
                    raise self._refuse()
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        """Remove the lock file and release the lock (no-op when not held)."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def claim_run_folder(
    folder: str | os.PathLike, *, resuming: bool, overwrite: bool = False
) -> RunLock:
    """Lock ``folder`` for this run, check it holds no other run, clean temporaries.

    Args:
        folder: the run's output folder (created).
        resuming: this run continues the one in ``folder`` (its files are kept).
        overwrite: remove another run's files (:data:`RUN_FILES` only) first.

    Returns:
        The held :class:`RunLock` (release it when the run ends).

    Raises:
        RunFolderInUseError: another process holds the lock (its pid is named).
        RunFolderError: ``folder`` holds another run's files, and neither
            ``resuming`` nor ``overwrite``.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"run folder {folder} exists and is not a folder")
    lock = RunLock(folder).acquire()
    try:
        existing = run_files(folder)
        if existing and not resuming:
            if not overwrite:
                names = ", ".join(p.name for p in existing)
                raise RunFolderError(
                    f"run folder {folder} already holds a run ({names}); continue it with "
                    "--resume, replace it with --overwrite, or choose another folder (--out)"
                )
            for p in existing:
                if p.is_dir():
                    shutil.rmtree(p)
                else:
                    p.unlink(missing_ok=True)
        remove_temporaries(folder)
        remove_temporaries(folder / "checkpoints")
    except BaseException:
        lock.release()
        raise
    return lock
