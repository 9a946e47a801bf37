"""The PyInstaller build: it builds, stays small, starts fast and runs end to end.

The app is built from ``refdesk.spec`` into a temporary folder, unless
``dist/refdesk`` is newer than every source, spec and resource file, in which
case that build is used.  Each run prints the folder size and the start-up
times (``--version`` and the first window under Xvfb).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import refdesk
from tooling import ROOT, require_tool

pytestmark = [pytest.mark.frozen, pytest.mark.slow, pytest.mark.timeout(1800)]

MAX_FOLDER_MB = 150
MAX_VERSION_SECONDS = 10  # generous: catches a broken start, not a slow CI machine
MAX_FIRST_WINDOW_SECONDS = 30
SOURCES = ("refdesk", "seeds", "resources", "refdesk.spec", "pyproject.toml")
UNREACHABLE_EUTILS = "http://127.0.0.1:9/entrez/eutils/"


def newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def build(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is not installed: pip install -e '.[build]' (scripts/setup-env test does this)",
                    pytrace=False)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "refdesk.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1500,
    )
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    print(f"\nfrozen build took {time.monotonic() - started:.0f} s")
    return dist / "refdesk"


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory) -> Path:
    """The one-folder app (``.../refdesk/``, holding the ``refdesk`` executable)."""
    existing = ROOT / "dist" / "refdesk"
    if (existing / "refdesk").is_file() and (existing / "refdesk").stat().st_mtime > newest_source_mtime():
        return existing
    out = tmp_path_factory.mktemp("frozen")
    return build(out / "dist", out / "build")


@pytest.fixture
def app_env(tmp_path) -> dict[str, str]:
    """An environment with a private home, offline E-utilities and no inherited Qt platform."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("QT_", "REFDESK_", "XDG_", "PYTHON")) and key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    home = tmp_path / "home"
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
               REFDESK_EUTILS_URL=UNREACHABLE_EUTILS)
    (tmp_path / "runtime").mkdir(mode=0o700)
    return env


def run(app_dir: Path, env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(app_dir / "refdesk"), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def test_the_folder_stays_small(app_dir, record_property):
    size = sum(p.stat().st_size for p in app_dir.rglob("*") if p.is_file() and not p.is_symlink())
    megabytes = size / 1_000_000
    record_property("folder_mb", round(megabytes, 1))
    print(f"\nfrozen app folder: {megabytes:.1f} MB")
    assert megabytes < MAX_FOLDER_MB


def test_the_bundle_holds_migrations_seeds_and_resources(app_dir):
    internal = app_dir / "_internal" / "refdesk"
    for relative in ("db/migrations/env.py", "db/migrations/script.py.mako", "seeds/pubmed-11751408.txt",
                     "resources/refdesk.desktop", "resources/refdesk-mime.xml", "resources/icons/refdesk.svg",
                     "resources/icons/hicolor/256x256/apps/refdesk.png"):
        assert (internal / relative).is_file(), relative
    shipped = {p.name for p in (ROOT / "refdesk" / "db" / "migrations" / "versions").glob("*.py")}
    assert {p.name for p in (internal / "db" / "migrations" / "versions").glob("*.py")} == shipped
    assert not list(app_dir.rglob("__pycache__"))
    qt = app_dir / "_internal" / "PySide6"
    assert not [p.name for p in qt.glob("Qt*.so") if p.name.startswith(("QtWebEngine", "QtQml", "QtQuick", "Qt3D"))]


def test_version_starts_quickly(app_dir, app_env, record_property):
    run(app_dir, app_env, "--version")  # the first run warms the disk cache
    started = time.monotonic()
    result = run(app_dir, app_env, "--version")
    elapsed = time.monotonic() - started
    record_property("version_seconds", round(elapsed, 2))
    print(f"\nfrozen --version: {elapsed:.2f} s")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"RefDesk {refdesk.__version__}"
    assert elapsed < MAX_VERSION_SECONDS


def test_a_new_library_is_created_migrated_and_seeded(app_dir, app_env, tmp_path):
    library = tmp_path / "x.sqlite"
    listed = run(app_dir, app_env, "list", "--db", str(library))
    assert listed.returncode == 0, listed.stderr
    assert "PMID 11751408" in listed.stdout
    shown = run(app_dir, app_env, "show", "11751408", "--db", str(library))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Autocrine production of interleukin 6 causes multidrug resistance")
    assert "Abstract" in shown.stdout and "PMID: 11751408" in shown.stdout


def test_the_self_test_passes(app_dir, app_env):
    result = run(app_dir, {**app_env, "QT_QPA_PLATFORM": "offscreen"}, "--self-test", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout


def test_the_frozen_app_installs_a_desktop_entry_for_itself(app_dir, app_env):
    result = run(app_dir, app_env, "install-desktop")
    assert result.returncode == 0, result.stderr
    entry = Path(app_env["XDG_DATA_HOME"]) / "applications" / "refdesk.desktop"
    assert str(entry) in result.stdout.split()
    assert f"Exec={app_dir / 'refdesk'} %F" in entry.read_text().splitlines()
    assert run(app_dir, app_env, "install-desktop", "--uninstall").returncode == 0
    assert not entry.exists()


# The first window under a virtual X server --------------------------------------


@pytest.fixture
def display(tmp_path) -> Iterator[str]:
    """A private Xvfb server; yields its DISPLAY value."""
    xvfb = require_tool("Xvfb", "xvfb")
    read_end, write_end = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not report its display number"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


WINDOW_LINE = re.compile(r'^\s*(0x[0-9a-f]+) "(RefDesk[^"]*)": \("refdesk" "RefDesk"\)\s+(\d+)x(\d+)')


def x_output(display: str, *command: str) -> str:
    return subprocess.run(list(command), env={**os.environ, "DISPLAY": display}, capture_output=True, text=True,
                          timeout=30).stdout


def refdesk_windows(xwininfo: str, display: str) -> dict[str, str]:
    """Window id -> title of RefDesk's top-level windows that are mapped and larger than a dialog."""
    found = {}
    for line in x_output(display, xwininfo, "-root", "-tree").splitlines():
        match = WINDOW_LINE.match(line)
        if match and int(match[3]) >= 400 and int(match[4]) >= 300:
            if "IsViewable" in x_output(display, xwininfo, "-id", match[1]):
                found[match[1]] = match[2]
    return found


def test_the_first_window_appears_under_xvfb(app_dir, app_env, display, tmp_path, record_property):
    xwininfo = require_tool("xwininfo", "x11-utils")
    xprop = require_tool("xprop", "x11-utils")
    grab = require_tool("import", "imagemagick")
    convert = require_tool("convert", "imagemagick")
    env = {**app_env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    started = time.monotonic()
    app = subprocess.Popen([str(app_dir / "refdesk"), "--db", str(tmp_path / "demo.sqlite")], env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        windows: dict[str, str] = {}
        while not windows and app.poll() is None and time.monotonic() - started < MAX_FIRST_WINDOW_SECONDS * 2:
            windows = refdesk_windows(xwininfo, display)
            time.sleep(0.05)
        first_window = time.monotonic() - started
        assert windows, f"no RefDesk window appeared; the app said:\n{app.stdout.read() if app.poll() is not None else ''}"
        record_property("first_window_seconds", round(first_window, 2))
        print(f"\nfrozen first window: {first_window:.2f} s")
        time.sleep(3)
        assert app.poll() is None, f"RefDesk exited with {app.returncode}:\n{app.stdout.read()}"
        assert "ran into a problem" not in x_output(display, xwininfo, "-root", "-tree"), "the crash dialog is open"
        window_id = next(iter(windows))
        assert "Icon (" in x_output(display, xprop, "-id", window_id, "_NET_WM_ICON"), "the window has no icon"
        shot = tmp_path / "screen.png"
        subprocess.run([grab, "-window", "root", str(shot)], env=env, check=True, timeout=60)
        colours = subprocess.run([convert, str(shot), "-format", "%k", "info:"], capture_output=True, text=True,
                                 check=True, timeout=60).stdout
        assert int(colours) > 50, f"the screen looks blank ({colours} colours)"
        assert first_window < MAX_FIRST_WINDOW_SECONDS
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(timeout=20)
