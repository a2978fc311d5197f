"""evaluate_generator: diversity from the FID's features, in the judge's and the chosen space."""

from __future__ import annotations

import pytest
import torch

from condgan.data import cartoon_space
from condgan.data.standin import write_cartoon
from condgan.metrics import EXTRACTORS, Evaluator, evaluate_generator, resolve_extractor
from condgan.metrics.evaluate import summary_lines


class Flat:
    """One flat grey per hair and eye value, whatever the noise (a collapsed generator)."""

    def __init__(self, space):
        self.space = space

    def sample(self, y, generator=None):
        grey = (y[:, 0].float() / 5 + y[:, 1].float() / 12)[:, None, None, None] * 2 - 1
        return grey.expand(-1, 3, 32, 32)


@pytest.fixture(scope="module")
def judges():
    torch.manual_seed(0)
    space = cartoon_space()
    return (Evaluator(space, widths=(8, 8, 8, 8), input_size=32, name="j1").eval(),
            Evaluator(space, widths=(4, 4, 8, 8), input_size=32, name="j2").eval())  # fmt: skip


def test_diversity_in_the_judges_space_and_in_another_extractor(judges, tmp_path, monkeypatch):
    judge, other = judges
    monkeypatch.setitem(
        EXTRACTORS, "other", lambda **_: resolve_extractor("domain", evaluator=other)
    )
    data = write_cartoon(tmp_path / "data", 60, seed=3, size=32)
    options = dict(evaluator=judge, extractor="other", cache_dir=tmp_path / "c", per_value=True)
    r = evaluate_generator(Flat(cartoon_space()), data=data, n=60, **options)
    assert r["diversity"]["features"] == "domain" and r["diversity_other"]["features"] == "other"
    assert r["fidelity"]["extractor"].startswith("condgan-domain-j2-")
    for key in ("diversity", "diversity_other"):  # 60 images: whole conditions do not repeat
        assert r[key]["ratio"] is not None and r[key]["grouping"] == "value"
    assert set(r["fid_per_value"]) == set(r["diversity_per_value"]) >= {"blue hair"}
    lines = summary_lines(r)
    assert (
        lines[0].startswith("conditional accuracy ") and "judge 'j1' reads real images" in lines[0]
    )
    assert lines[1].startswith("diversity within conditions (domain features): ratio ")
    assert lines[2].startswith("diversity within conditions (other features): ratio ")


def test_without_data_there_is_no_diversity_and_the_headline_says_why(judges):
    r = evaluate_generator(Flat(cartoon_space()), n=8, evaluator=judges[0])
    assert "diversity" not in r
    assert summary_lines(r) == [
        f"conditional accuracy {r['accuracy']['accuracy']:.3f} (the judge's figure on real "
        "images needs --data)"
    ]


def test_reference_images_already_drawn_are_used_as_they_are(judges, tmp_path):
    """A recipe's held-out reference (images, y, space, source) is scored as given: the
    same figures as the folder it came from, named by its source."""
    from types import SimpleNamespace

    from condgan.data import decode_folder

    data = write_cartoon(tmp_path / "data", 40, seed=5, size=32)
    full = decode_folder(data, size=32, cache_dir=tmp_path / "c")
    ref = SimpleNamespace(
        images=full.images, y=full.y, space=full.space,
        source={"kind": "held-out split", "data": "heldout-of-X"},
    )  # fmt: skip
    options = dict(evaluator=judges[0], cache_dir=tmp_path / "c2", n=40)
    given = evaluate_generator(Flat(cartoon_space()), data=ref, **options)
    folder = evaluate_generator(Flat(cartoon_space()), data=data, **options)
    assert given["fidelity"]["reference"]["data"] == "heldout-of-X"
    assert given["fidelity"]["reference"]["n"] == 40
    assert given["judge"]["real_accuracy"] == pytest.approx(folder["judge"]["real_accuracy"])
    assert given["fidelity"]["fid"] == pytest.approx(folder["fidelity"]["fid"], rel=1e-4)
