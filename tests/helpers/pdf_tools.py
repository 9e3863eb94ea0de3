"""LibreOffice (soffice) and poppler (pdftotext) for the tests that render a DOCX to PDF.

Neither can be installed by pip, so a fresh machine running the README's test command may not
have them: those tests are then skipped, saying what to install. In CI (CI set, or
COURTSCREEN_REQUIRE_PDF=1, which .ci/run sets after installing both) they fail instead, so CI
cannot go green without ever having checked a PDF."""

from __future__ import annotations

import os
import shutil

import pytest

INSTALL = "apt-get install libreoffice-writer-nogui poppler-utils"


def pdf_tools_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("COURTSCREEN_REQUIRE_PDF") == "1"


def need_pdf_tools(*tools: str) -> None:
    """Skip (or, in CI, fail) the calling test unless every tool is on PATH; "soffice" is
    also found as "libreoffice"."""
    missing = [t for t in tools
               if not (shutil.which(t) or (t == "soffice" and shutil.which("libreoffice")))]
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed ({INSTALL})"
    if pdf_tools_required():
        pytest.fail(f"this test run requires PDF rendering (CI or COURTSCREEN_REQUIRE_PDF=1) but "
                    f"{reason}", pytrace=False)
    pytest.skip(reason)
