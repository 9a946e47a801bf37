"""Install RefDesk into a freedesktop.org desktop: menu entry, icons, file types.

``refdesk install-desktop`` writes, under ``$XDG_DATA_HOME`` (by default
``~/.local/share``):

* ``applications/refdesk.desktop``, whose ``Exec`` runs the launcher of *this*
  installation: the frozen executable, or the ``refdesk`` console script of
  the pip install that is running (``python -m refdesk`` as a last resort);
* the icon as ``icons/hicolor/<N>x<N>/apps/refdesk.png`` at every size and
  ``icons/hicolor/scalable/apps/refdesk.svg``;
* ``mime/packages/refdesk-mime.xml``, which declares the ``.nbib``, ``.ris``
  and ``.bib`` file types.

Then it refreshes the desktop and MIME databases and makes RefDesk the
default application for MEDLINE and RIS files that have no default yet,
using ``update-mime-database``, ``update-desktop-database`` and ``xdg-mime``
when they are installed (it never fails when they are not).
``refdesk install-desktop --uninstall`` removes exactly those files and
default-application entries, and refreshes the databases again. Directories
created on the way are left in place: they are shared with other programs.

The resources are found inside the package (a wheel: ``refdesk/resources``),
in the source checkout (``resources/``) or in the frozen app's bundle.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .bundled import bundled_dir
from .errors import RefDeskError

APP_ID = "refdesk"
DESKTOP_FILE = f"{APP_ID}.desktop"
MIME_FILE = f"{APP_ID}-mime.xml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# RefDesk becomes the default for these types only when nothing else is;
# .bib files are left to the user's editor.
DEFAULT_FOR = ("text/x-nbib", "application/x-research-info-systems")
TOOL_TIMEOUT = 60  # seconds for each database refresh

_PACKAGE = Path(__file__).resolve().parent
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_MIMEAPPS_SECTIONS = ("[Default Applications]", "[Added Associations]")


@dataclass(frozen=True)
class InstalledFile:
    """One file that ``install`` copies: where it comes from and where it goes."""

    source: Path
    target: Path


# Finding things -------------------------------------------------------------


def resources_dir() -> Path:
    """The folder holding ``refdesk.desktop``, the MIME XML and ``icons/``."""
    found = bundled_dir("resources", DESKTOP_FILE)
    if found is not None:
        return found
    raise RefDeskError("RefDesk's desktop resources (icons, desktop entry) are missing from this installation")


def icon_path(size: int | None = None) -> Path:
    """The application icon: the SVG, or the PNG of ``size`` px (one of ``ICON_SIZES``)."""
    icons = resources_dir() / "icons"
    if size is None:
        return icons / f"{APP_ID}.svg"
    if size not in ICON_SIZES:
        raise ValueError(f"no {size} px icon; sizes are {ICON_SIZES}")
    return icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def _xdg_dir(variable: str, default: str) -> Path:
    """An XDG base directory; relative values are invalid and ignored, as the spec says."""
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / default


def data_home() -> Path:
    """``$XDG_DATA_HOME``, by default ``~/.local/share``."""
    return _xdg_dir("XDG_DATA_HOME", ".local/share")


def config_home() -> Path:
    """``$XDG_CONFIG_HOME``, by default ``~/.config`` (where ``mimeapps.list`` lives)."""
    return _xdg_dir("XDG_CONFIG_HOME", ".config")


def launcher_command() -> list[str]:
    """The command that starts this installation of RefDesk."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).absolute())]
    script = _console_script()
    if script is not None:
        return [str(script)]
    return [str(Path(sys.executable).absolute()), "-m", "refdesk"]


def _console_script() -> Path | None:
    """The ``refdesk`` script installed by pip next to the running interpreter."""
    name = "refdesk.exe" if os.name == "nt" else "refdesk"
    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    candidates = [running] if running is not None and running.name == name else []
    scheme_dirs = [sysconfig.get_path("scripts")]
    user_scheme = f"{os.name}_user" if os.name != "posix" else "posix_user"
    if user_scheme in sysconfig.get_scheme_names():
        scheme_dirs.append(sysconfig.get_path("scripts", user_scheme))
    candidates += [Path(d) / name for d in scheme_dirs if d]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.absolute()
    return None


# The desktop entry ------------------------------------------------------------


def quote_exec_argument(argument: str) -> str:
    """One argument of an ``Exec`` key, quoted as the Desktop Entry spec requires."""
    argument = argument.replace("%", "%%")
    if not _EXEC_RESERVED.intersection(argument):
        return argument
    return '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'


def _escape_value(value: str) -> str:
    """A desktop-entry string value: backslashes (and control characters) escaped."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def desktop_entry_text(template: str, command: list[str]) -> str:
    """The shipped entry with ``Exec`` (and ``TryExec``) pointing at ``command``."""
    exec_value = _escape_value(" ".join(quote_exec_argument(a) for a in command) + " %F")
    try_exec = _escape_value(command[0])
    lines = []
    for line in template.splitlines():
        if line.startswith("TryExec="):
            continue
        if line.startswith("Exec="):
            lines.append(f"TryExec={try_exec}")
            line = f"Exec={exec_value}"
        lines.append(line)
    return "\n".join(lines) + "\n"


# Install and uninstall --------------------------------------------------------


def planned_files(target_root: Path, resources: Path | None = None) -> list[InstalledFile]:
    """Every file ``install`` copies, except the generated ``.desktop`` file."""
    resources = resources or resources_dir()
    hicolor = target_root / "icons" / "hicolor"
    files = [
        InstalledFile(resources / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png",
                      hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png")
        for n in ICON_SIZES
    ]
    files.append(InstalledFile(resources / "icons" / f"{APP_ID}.svg", hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    files.append(InstalledFile(resources / MIME_FILE, target_root / "mime" / "packages" / MIME_FILE))
    return files


def desktop_file_path(target_root: Path | None = None) -> Path:
    """Where the desktop entry goes."""
    return (target_root or data_home()) / "applications" / DESKTOP_FILE


def install() -> list[Path]:
    """Install the desktop entry, icons and file types; return the files written."""
    _require_freedesktop()
    root = data_home()
    resources = resources_dir()
    written = []
    for item in planned_files(root, resources):
        _write_atomically(item.target, item.source.read_bytes())
        written.append(item.target)
    template = (resources / DESKTOP_FILE).read_text(encoding="utf-8")
    entry = desktop_file_path(root)
    _write_atomically(entry, desktop_entry_text(template, launcher_command()).encode("utf-8"))
    written.append(entry)
    _refresh_databases(root)
    _claim_default_types()
    return written


def uninstall() -> list[Path]:
    """Remove what ``install`` wrote; return the files removed."""
    _require_freedesktop()
    root = data_home()
    targets = [item.target for item in planned_files(root, _resources_for_names())] + [desktop_file_path(root)]
    removed = []
    for target in targets:
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed.append(target)
    _release_default_types(config_home() / "mimeapps.list")
    _refresh_databases(root)
    return removed


def _resources_for_names() -> Path:
    """The resources folder; uninstall only needs the file names, so a missing one is fine."""
    try:
        return resources_dir()
    except RefDeskError:
        return _PACKAGE / "resources"


def _require_freedesktop() -> None:
    if sys.platform.startswith(("win", "darwin", "cygwin")):
        raise RefDeskError("install-desktop is for Linux and BSD desktops (freedesktop.org)")


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Desktop databases ------------------------------------------------------------


def run_tool(*command: str) -> str | None:
    """Run a desktop tool if it is installed; its stdout, or None if missing or failed."""
    executable = shutil.which(command[0])
    if executable is None:
        return None
    try:
        result = subprocess.run([executable, *command[1:]], capture_output=True, text=True,
                                timeout=TOOL_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _refresh_databases(root: Path) -> None:
    mime = root / "mime"
    if (mime / "packages").is_dir():
        run_tool("update-mime-database", str(mime))
    applications = root / "applications"
    if applications.is_dir():
        run_tool("update-desktop-database", "-q", str(applications))
    hicolor = root / "icons" / "hicolor"
    if hicolor.is_dir():
        os.utime(hicolor)  # tells icon caches that the theme changed
        if (hicolor / "icon-theme.cache").is_file():
            run_tool("gtk-update-icon-cache", "-q", "-f", "-t", str(hicolor))


def _claim_default_types() -> None:
    """Make RefDesk the default for ``DEFAULT_FOR`` types that have no other default."""
    for mime_type in DEFAULT_FOR:
        current = run_tool("xdg-mime", "query", "default", mime_type)
        if current is not None and current.strip() in ("", DESKTOP_FILE):
            run_tool("xdg-mime", "default", DESKTOP_FILE, mime_type)


def _release_default_types(mimeapps: Path) -> None:
    """Drop RefDesk from the default and added associations in ``mimeapps.list``."""
    if not mimeapps.is_file():
        return
    original = mimeapps.read_text(encoding="utf-8")
    text = remove_from_mimeapps(original, DESKTOP_FILE)
    if text != original:
        _write_atomically(mimeapps, text.encode("utf-8"))


def remove_from_mimeapps(text: str, desktop_id: str) -> str:
    """``mimeapps.list`` content without ``desktop_id`` in its association sections."""
    lines, section = [], ""
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        elif section in _MIMEAPPS_SECTIONS and "=" in stripped:
            key, value = stripped.split("=", 1)
            ids = [i for i in value.split(";") if i]
            if desktop_id in ids:
                kept = [i for i in ids if i != desktop_id]
                if not kept:
                    continue
                line = f"{key}={';'.join(kept)};\n"
        lines.append(line)
    return "".join(lines)
