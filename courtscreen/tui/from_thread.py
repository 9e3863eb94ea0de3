"""Hand a worker thread's result to a widget: the widget is looked up on the UI thread.

A thread worker outlives its screen: the user may close the screen or quit the app while a
read is under way. Looking the widget up from the thread (query_one before call_from_thread)
then fails with NoMatches in the worker as the screen is torn down, a traceback on the way out.
Looked up on the UI thread instead, a widget already gone while the app closes is dropped by
CourtscreenApp.call_from_thread (the one place that knows the app is closing); a widget
missing while the app runs is still a bug, and still raises.
"""

from __future__ import annotations


def update_from_thread(owner, selector, content) -> None:
    """From a worker thread: owner.query_one(selector).update(content) on the UI thread."""
    show_from_thread(owner, selector, "update", content)


def show_from_thread(owner, selector, method: str, *args) -> None:
    """From a worker thread: call method(*args) on owner's widget matching selector."""
    owner.app.call_from_thread(lambda: getattr(owner.query_one(selector), method)(*args))
