"""The evaluation-speed benchmark's PNG encoder A/B at a tiny size: both encoders timed for
both PNG writers, and the writers' own encoder put back afterwards."""

from __future__ import annotations

from benchmark_scripts import load_script


def test_png_encoder_ab_times_both_encoders_and_restores_the_writers() -> None:
    import condgan.data.standin.cartoon as cartoon
    import condgan.data.standin.iclevr as iclevr
    from condgan.data.standin import save_image

    E = load_script("eval_speed")
    result = E.png_encoder_ab(n=3, repeats=2)
    assert set(result) == {"cartoon", "iclevr"}
    for by in result.values():
        assert set(by["runs"]) == {"pil", "condgan"}
        assert all(len(r) == 2 and min(r) > 0 for r in by["runs"].values())
        assert by["pil"] > 0 and by["condgan"] > 0
    assert cartoon.save_image is save_image and iclevr.save_image is save_image
