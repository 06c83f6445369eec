"""Compiled translation catalogues from the .po files, on first use.

The platform is Chinese first, and Django reads only compiled `.mo` files: a checkout run without
`make setup` (`wenming migrate`, `seed`, `serve` straight after installing) would otherwise show
English pages and seed English records. `compile_catalogues` compiles every catalogue whose
`.mo` is missing or older than its `.po`; the core app calls it at start-up, before any
translation is loaded, and `wenming compilemessages_if_needed` calls it by hand. No GNU gettext
is needed (Babel writes the files). Each file is written beside its target and renamed into
place, so two processes starting together never read half a file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import wenming

logger = logging.getLogger(__name__)


def stale_catalogues(root: Path | None = None) -> list[Path]:
    """The .po files whose .mo is missing or older."""
    root = root or Path(wenming.__file__).parent
    stale = []
    for po_path in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            stale.append(po_path)
    return stale


def compile_catalogues(root: Path | None = None) -> int:
    """Compile the stale catalogues under `root` (the package); the number compiled."""
    compiled = 0
    for po_path in stale_catalogues(root):
        mo_path = po_path.with_suffix(".mo")
        with po_path.open("rb") as handle:
            catalogue = read_po(handle)
        partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            write_mo(handle, catalogue)
        os.replace(partial, mo_path)
        compiled += 1
    return compiled


def compile_catalogues_at_startup() -> None:
    """As `compile_catalogues`; an installation whose package folder is read-only (compiled at
    build time) is told in the log rather than refused."""
    try:
        compiled = compile_catalogues()
    except OSError as error:
        logger.warning("translation catalogues could not be compiled: %s", error)
        return
    if compiled:
        logger.info("compiled %s translation catalogue(s)", compiled)
