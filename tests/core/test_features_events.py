import numpy as np
import pytest

from tests.conftest import add_twitch, sine_recording
from tremor.core.events import TwitchDetector, detect_transients
from tremor.core.features import FrameExtractor, Frames, compute_frames


@pytest.mark.parametrize("fs,freq", [(50.0, 9.5), (100.0, 10.2), (200.0, 8.4), (83.3, 11.0)])
def test_frames_measure_known_tremor(fs, freq):
    rec = sine_recording(fs=fs, seconds=30, freq_hz=freq, rms_mps2=0.05, seed=1)
    f = compute_frames(rec.acc_mps2, fs=fs)
    assert np.median(f.peak_phys_hz) == pytest.approx(freq, abs=0.15)
    assert np.sqrt(np.median(f.power_phys)) == pytest.approx(0.05, rel=0.1)
    # gravity is along z: orientation is the z axis
    assert np.allclose(np.median(f.orientation, axis=0), [0, 0, 1], atol=0.01)
    assert np.all(f.movement_rms < 0.05)


def test_low_rate_leaves_unseen_bands_empty():
    rec = sine_recording(fs=12.5, seconds=60, freq_hz=2.0, rms_mps2=0.05)
    f = compute_frames(rec.acc_mps2, fs=12.5)
    assert np.all(np.isnan(f.power_phys)) and np.all(np.isnan(f.peak_phys_hz))
    assert np.all(np.isfinite(f.movement_rms))


def test_frame_extractor_in_random_chunks_equals_batch():
    rec = sine_recording(fs=100.0, seconds=40, freq_hz=9.0, rms_mps2=0.03, seed=2)
    batch = compute_frames(rec.acc_mps2, fs=100.0)
    rng = np.random.default_rng(7)
    ex, parts, i = FrameExtractor(100.0), [], 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 333))
        parts.append(ex.update(rec.acc_mps2[i : i + k]))
        i += k
    live = Frames.concat(parts)
    assert len(live) == len(batch)
    assert np.array_equal(live.t_s, batch.t_s)
    for name in ("power_phys", "movement_rms", "peak_phys_hz", "psd"):
        assert np.allclose(getattr(live, name), getattr(batch, name), rtol=1e-9, atol=1e-15), name


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_twitch_found_at_known_time_with_known_peak(fs):
    rec = sine_recording(fs=fs, seconds=30, freq_hz=10.0, rms_mps2=0.03, seed=4)
    rec = add_twitch(add_twitch(rec, 12.345, 0.3), 21.0, 0.2, sigma_s=0.04, axis=0)
    found = [t for t in detect_transients(rec.acc_mps2, fs=fs) if t.kind == "twitch"]
    # a biphasic pulse peaks one sigma either side of its centre
    assert len(found) == 2
    assert abs(found[0].t_s - 12.345) <= 0.025 + 0.015
    assert abs(found[1].t_s - 21.0) <= 0.04 + 0.025  # the 10 Hz tremor on the same axis shifts the peak
    assert found[0].peak_mps2 == pytest.approx(0.3, rel=0.3)
    assert 20 < found[0].duration_ms < 300


def test_rhythmic_tremor_and_impacts_are_not_twitches():
    rec = sine_recording(fs=100.0, seconds=30, freq_hz=5.0, rms_mps2=0.3, seed=5)
    found = detect_transients(rec.acc_mps2, fs=100.0)
    assert not [t for t in found if t.kind == "twitch"]
    rest = add_twitch(
        sine_recording(fs=100.0, seconds=30, freq_hz=10.0, rms_mps2=0.03, seed=6), 15.0, 12.0, 0.01
    )
    kinds = [t.kind for t in detect_transients(rest.acc_mps2, fs=100.0)]
    assert "artefact" in kinds and "twitch" not in kinds


def test_live_twitch_detector_chunk_invariant():
    rec = add_twitch(sine_recording(fs=100.0, seconds=30, freq_hz=10.0, rms_mps2=0.03, seed=8), 17.2, 0.25)
    whole = TwitchDetector(100.0).update(rec.acc_mps2, final=True)
    det, out, i = TwitchDetector(100.0), [], 0
    rng = np.random.default_rng(1)
    while i < rec.n_samples:
        k = int(rng.integers(1, 150))
        out += det.update(rec.acc_mps2[i : i + k])
        i += k
    out += det.update(np.zeros((0, 3)), final=True)
    assert out == whole
    assert [t.kind for t in whole].count("twitch") == 1
    # live and batch run the same linear-phase detector: the same time
    batch = [t for t in detect_transients(rec.acc_mps2, fs=100.0) if t.kind == "twitch"]
    assert abs(whole[0].t_s - batch[0].t_s) < 0.06


def test_envelope_of_no_samples_is_empty():
    """Found while measuring live against batch: an empty chunk (the final flush) gave the tail back."""
    from tremor.core.events import Envelope

    env = Envelope(100.0)
    env.update(np.ones((10, 3)))
    assert env.update(np.zeros((0, 3))).size == 0
