"""The summary's words on a coarse sensor's resolution (tremor.report.resolution_words, h-quant; h-rev47).

Physics: a 6-12 Hz tremor quantised to steps ``q`` (the noise under a step) reads, band-passed, within about 15 % from
half a step RMS up and as nothing or up to 1.8x under about a third of a step: the words name half a step. Twitches are
detected only from 100 Hz: under it, the sentence names no twitch floor.
"""

from __future__ import annotations

from tremor.core.resolution_notes import coarse_level_note
from tremor.report.resolution_words import resolution_line
from tremor.report.summary import _wrap


def test_a_fine_step_or_none_has_no_line() -> None:
    """3 decimals of g (0.0098) and no lattice: no line; a 12-bit step (0.0383) has one."""
    assert resolution_line([0.009807, 0.009807, 0.009807]) is None
    assert resolution_line([None, None, None]) is None
    assert resolution_line(None) is None
    assert resolution_line([0.0383, None, 0.0383]) is not None


def test_the_line_names_half_a_step_and_the_twitch_floor_only_where_twitches_are_assessed() -> None:
    """A 10-bit step: half a step (0.08 m/s^2) for the tremor, two steps (0.31) for a twitch at 100 Hz, none at
    50 Hz (where twitches are not assessed)."""
    line = resolution_line([0.153, 0.153, 0.153], twitches_assessed=True)
    assert line is not None and "0.153 m/s^2" in line and "half a step (0.08 m/s^2 RMS)" in line
    assert "2 steps (0.31 m/s^2)" in line
    low = resolution_line([0.153, 0.153, 0.153], twitches_assessed=False)
    assert low is not None and "twitch" not in low and "half a step (0.08 m/s^2 RMS)" in low
    assert all(len(x) <= 110 for x in _wrap(line))


def test_a_sets_note_under_the_step_says_what_may_be_wrong() -> None:
    """A calm set at 0.021 m/s^2 RMS under a 0.153 step: the note; a set above the step, or none measured: no note."""
    note = coarse_level_note("set 2 (159.8-200.1 s)", "calm", 0.021, (0.153, 0.153, None))
    assert note is not None
    assert "half a step (0.08 m/s^2 RMS)" in note and "its label (calm)" in note
    assert "rather than what the muscle did" in note
    assert coarse_level_note("set 2", "calm", 0.2, (0.153, 0.153, 0.153)) is None
    assert coarse_level_note("set 2", "calm", None, (0.153, 0.153, 0.153)) is None
    assert coarse_level_note("set 2", "calm", 0.02, (None, None, None)) is None
    assert coarse_level_note("set 2", "not_assessable", 0.02, (0.153, 0.153, 0.153)) is None
