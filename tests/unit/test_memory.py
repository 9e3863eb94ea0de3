"""paused_gc: the collector is off during a bulk job and back on afterwards, whatever happens."""

from __future__ import annotations

import gc

import pytest

from courtscreen.memory import paused_gc


def test_the_collector_is_paused_and_switched_back_on_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("the import failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_freezing_the_long_lived_objects_happens_once_per_process():
    from courtscreen.memory import freeze_long_lived

    freeze_long_lived()  # the first call (here or an app's, earlier in this process) froze
    frozen = gc.get_freeze_count()
    assert frozen > 0
    later = [object() for _ in range(100)]  # a second app's start-up objects
    freeze_long_lived()
    assert gc.get_freeze_count() == frozen, "a second call froze more objects"
    assert later
