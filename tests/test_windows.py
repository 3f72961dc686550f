"""Windows never lose a token; word-aligned windows start at word starts."""

from __future__ import annotations

import pytest

from libya_nlp.windows import Window, best_window_for, plan_windows


@pytest.mark.parametrize(("n", "size", "stride", "starts"), [
    (10, 4, 1, None), (10, 4, 1, [0, 3, 5, 9]), (3, 4, 1, None), (20, 5, 2, [0, 2, 14]), (100, 7, 3, list(range(0, 100, 3))), (0, 4, 1, None),
])
def test_windows_cover_every_token_and_respect_the_size(n, size, stride, starts):
    windows = plan_windows(n, size, stride, starts)
    covered = {t for w in windows for t in range(w.start, w.end)}
    assert covered == set(range(n))
    assert all(0 < w.end - w.start <= size for w in windows)
    assert all(a.start < b.start for a, b in zip(windows, windows[1:]))


def test_word_aligned_windows_start_at_word_starts_when_possible():
    starts = list(range(0, 60, 3))
    windows = plan_windows(60, 10, 1, starts)
    assert all(w.start in starts for w in windows)
    assert any(a.end > b.start for a, b in zip(windows, windows[1:])), "consecutive windows overlap"


def test_best_window_gives_most_context():
    windows = [Window(0, 10), Window(6, 16)]
    assert best_window_for(8, windows) == 1
    assert best_window_for(2, windows) == 0
