"""Optional PDF copies through LibreOffice (soffice), when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; Windows: "
                "libreoffice.org) or open the DOCX in Word and save it as PDF")


class PdfUnavailable(Exception):
    """No PDF was made; the message says why and what to do. The DOCX is unaffected."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, timeout: float = 180) -> Path:
    """Write <docx stem>.pdf beside the DOCX and return its path."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(f"no PDF made: LibreOffice (soffice) is not installed; {INSTALL_HINT}.")
    target = docx.with_suffix(".pdf")
    if target.exists():
        raise PdfUnavailable(f"no PDF made: {target} already exists and is never overwritten.")
    # A private profile: a LibreOffice the user has open (or a parallel run) cannot block this one.
    with tempfile.TemporaryDirectory(prefix="courtscreen-lo-") as profile, \
            tempfile.TemporaryDirectory(prefix="courtscreen-pdf-") as outdir:
        cmd = [exe, f"-env:UserInstallation=file://{Path(profile).as_posix()}", "--headless",
               "--convert-to", "pdf", "--outdir", outdir, str(docx)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"no PDF made: LibreOffice did not finish within {timeout:.0f} s.") from None
        except OSError as exc:
            raise PdfUnavailable(f"no PDF made: LibreOffice could not be started ({exc.strerror}).") from None
        made = Path(outdir) / target.name
        if done.returncode != 0 or not made.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PdfUnavailable(f"no PDF made: LibreOffice failed ({detail[0]}).")
        shutil.move(str(made), target)
    return target
