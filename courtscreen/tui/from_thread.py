"""Hand a worker thread's result to a widget, on the UI thread, if the widget is still there.

A thread worker outlives its screen: the user may close the screen or quit the app while a
read is under way. Looking the widget up from the thread (query_one before call_from_thread)
then fails with NoMatches as the screen is torn down, a traceback on the way out. Looking it up
on the UI thread, and letting a widget that is gone go, is what the user expects: nothing.
"""

from __future__ import annotations


def update_from_thread(owner, selector, content) -> None:
    """From a worker thread: owner.query_one(selector).update(content) on the UI thread."""
    show_from_thread(owner, selector, "update", content)


def show_from_thread(owner, selector, method: str, *args) -> None:
    """From a worker thread: call method(*args) on owner's widget matching selector, if any."""

    def show() -> None:
        found = owner.query(selector)
        if found:
            getattr(found.first(), method)(*args)

    owner.app.call_from_thread(show)
