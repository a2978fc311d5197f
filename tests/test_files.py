"""condgan.files: the one atomic writer (files, torch.save, folders) and temporary cleanup."""

from __future__ import annotations

import errno

import pytest
import torch

from condgan.files import (
    atomic_folder,
    atomic_save,
    atomic_write,
    atomic_write_bytes,
    atomic_write_text,
    remove_temporaries,
)


def test_text_bytes_and_torch_round_trip(tmp_path):
    assert atomic_write_text(tmp_path / "a" / "t.txt", "héllo\n").read_text() == "héllo\n"
    assert atomic_write_bytes(tmp_path / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    p = atomic_save({"w": torch.arange(3)}, tmp_path / "c.pt")
    assert torch.equal(torch.load(p, weights_only=True)["w"], torch.arange(3))
    assert sorted(q.name for q in tmp_path.iterdir()) == ["a", "b.bin", "c.pt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = atomic_write_text(tmp_path / "x.txt", "old")

    def full_disk(f):
        f.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match=f"cannot write {path}: No space left") as info:
        atomic_write(path, full_disk)
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_interrupt_while_writing_leaves_no_temporary(tmp_path):
    def interrupted(f):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "y.txt", interrupted)
    assert list(tmp_path.iterdir()) == []


def test_remove_temporaries_only_removes_writer_leftovers(tmp_path):
    (tmp_path / ".ck.pt.abc123.tmp").write_bytes(b"torn")
    (tmp_path / "keep.tmp").write_bytes(b"not ours: no leading dot")
    (tmp_path / ".hidden").write_bytes(b"not ours: no .tmp")
    (tmp_path / "ck.pt").write_bytes(b"ok")
    removed = remove_temporaries(tmp_path)
    assert [p.name for p in removed] == [".ck.pt.abc123.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hidden", "ck.pt", "keep.tmp"]
    assert remove_temporaries(tmp_path / "missing") == []


def test_atomic_folder_publishes_on_success_only(tmp_path):
    out = tmp_path / "data"
    with pytest.raises(RuntimeError):
        with atomic_folder(out) as tmp:
            (tmp / "half.txt").write_text("x")
            raise RuntimeError("crash")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    with atomic_folder(out) as tmp:
        (tmp / "a.txt").write_text("a")
    assert (out / "a.txt").read_text() == "a"
    with pytest.raises(FileExistsError, match="not empty"):
        with atomic_folder(out):
            pass
    with atomic_folder(out, overwrite=True) as tmp:
        (tmp / "b.txt").write_text("b")
    assert [p.name for p in out.iterdir()] == ["b.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["data"]
