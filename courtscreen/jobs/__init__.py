"""Long jobs (import, linking) in a child process, speaking a versioned JSON-lines protocol.

The app starts a job with `process.start_job`; the child (`python -m courtscreen.jobs.child`)
runs it and writes one JSON object per line: progress, problems, then one result, a
"cancelled" or a "failed". Running outside the app's process keeps the child's process-wide
tweaks (a paused garbage collector, a longer thread switch interval) out of the app, and a
crash or a cancel in the child can never half-write the database: the import's single
transaction rolls back. No Textual here: the app's handler lives in courtscreen.tui.jobs.
"""
