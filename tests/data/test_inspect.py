"""condgan.data.inspect_data and ``condgan inspect-data``: what was inferred, problems listed."""

from __future__ import annotations

import json

from condgan.cli import main
from condgan.data.inspect import inspect_data
from user_data import class_folder, csv_table, write_image


def test_report_counts_sizes_and_modes(tmp_path):
    report = inspect_data(csv_table(tmp_path))
    assert report.ok and report.format == "table" and report.n == 9
    assert report.counts == {"colour": {"blue": 3, "green": 3, "red": 3},
                             "size": {"big": 3, "small": 6}}  # fmt: skip
    assert report.spec.size == 16 and report.spec.channels == 3
    text = report.format_text()
    assert "attribute columns: ['colour', 'size']" in text and "sizes:   16x16: 9" in text


def test_command_lists_unreadable_files_and_fails(tmp_path, capsys):
    class_folder(tmp_path)
    (tmp_path / "red" / "bad.png").write_bytes(b"xx")
    out = tmp_path.parent / f"{tmp_path.name}.json"
    assert main(["inspect-data", str(tmp_path), "--json", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "unreadable: 1" in printed and "red/bad.png" in printed
    assert json.loads(out.read_text())["unreadable"] == [str(tmp_path / "red" / "bad.png")]


def test_command_on_grayscale_tensors_file(tmp_path, capsys):
    import torch

    torch.save((torch.rand(4, 8, 8), torch.tensor([0, 1, 0, 1])), tmp_path / "t.pt")
    assert main(["inspect-data", str(tmp_path / "t.pt")]) == 0
    printed = capsys.readouterr().out
    assert "layout:  tensor-file" in printed and "training images: 1 x 8 x 8" in printed


def test_unreadable_files_and_mixed_sizes_are_both_reported(tmp_path):
    class_folder(tmp_path, n_per_class=1)
    write_image(tmp_path / "red" / "x.png", size=20)
    (tmp_path / "red" / "bad.png").write_bytes(b"xx")
    report = inspect_data(tmp_path)
    assert len(report.problems) == 2
    assert "1 unreadable image(s)" in report.problems[0]
    assert "16x16: 3, 20x20: 1" in report.problems[1]


def test_command_with_mixed_sizes_and_a_policy(tmp_path, capsys):
    class_folder(tmp_path, n_per_class=1)
    write_image(tmp_path / "red" / "x.png", size=20)
    assert main(["inspect-data", str(tmp_path)]) == 1
    assert "problem: " in capsys.readouterr().out
    assert main(["inspect-data", str(tmp_path), "--size", "12", "--fit", "resize"]) == 0
    assert "training images: 3 x 12 x 12 (fit='resize')" in capsys.readouterr().out
