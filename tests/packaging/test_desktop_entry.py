"""``refdesk install-desktop``: the menu entry, icons and file types, and their removal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refdesk import app, desktop_entry
from refdesk.desktop_entry import (
    DEFAULT_FOR,
    DESKTOP_FILE,
    ICON_SIZES,
    desktop_entry_text,
    install,
    launcher_command,
    quote_exec_argument,
    remove_from_mimeapps,
    uninstall,
)
from test_resources import png_header, read_desktop_entry
from tooling import RESOURCES, require_tool

DESKTOP_SESSION_VARIABLES = ("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION",
                             "GNOME_DESKTOP_SESSION_ID", "KDE_SESSION_VERSION")


@pytest.fixture
def xdg(tmp_path, monkeypatch) -> dict[str, Path]:
    """Fresh XDG data and config homes, seen by RefDesk and by xdg-mime (generic mode)."""
    dirs = {"data": tmp_path / "data", "config": tmp_path / "config"}
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "no-system-data"))
    for name in DESKTOP_SESSION_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return dirs


def expected_files(data: Path) -> set[Path]:
    hicolor = data / "icons" / "hicolor"
    return ({hicolor / f"{n}x{n}" / "apps" / "refdesk.png" for n in ICON_SIZES}
            | {hicolor / "scalable" / "apps" / "refdesk.svg",
               data / "mime" / "packages" / "refdesk-mime.xml",
               data / "applications" / DESKTOP_FILE})


def xdg_mime(*args: str) -> str:
    tool = require_tool("xdg-mime", "xdg-utils")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=60).stdout.strip()


def test_install_writes_the_entry_icons_and_mime_types(xdg):
    written = install()
    assert set(written) == expected_files(xdg["data"])
    assert len(written) == len(set(written))
    for size in ICON_SIZES:
        assert png_header(xdg["data"] / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "refdesk.png")[:2] == (size, size)
    installed_xml = xdg["data"] / "mime" / "packages" / "refdesk-mime.xml"
    assert installed_xml.read_bytes() == (RESOURCES / "refdesk-mime.xml").read_bytes()


def test_the_installed_entry_is_valid_and_runs_this_installation(xdg):
    validator = require_tool("desktop-file-validate", "desktop-file-utils")
    install()
    path = xdg["data"] / "applications" / DESKTOP_FILE
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()
    entry = read_desktop_entry(path)
    assert entry["Exec"].endswith(" %F")
    assert entry["Exec"].split()[0] == launcher_command()[0]
    assert Path(entry["TryExec"]).is_file()
    assert entry["Icon"] == "refdesk" and entry["Name"] == "RefDesk"


def test_install_registers_the_file_types_and_claims_free_defaults(xdg):
    require_tool("update-mime-database", "shared-mime-info")
    require_tool("update-desktop-database", "desktop-file-utils")
    install()
    globs = (xdg["data"] / "mime" / "globs2").read_text()
    for line in ("text/x-nbib:*.nbib", "application/x-research-info-systems:*.ris", "text/x-bibtex:*.bib"):
        assert line in globs
    assert "text/x-nbib" in (xdg["data"] / "applications" / "mimeinfo.cache").read_text()
    for mime_type in DEFAULT_FOR:
        assert xdg_mime("query", "default", mime_type) == DESKTOP_FILE
    assert "text/x-bibtex" not in (xdg["config"] / "mimeapps.list").read_text()  # .bib stays the user's


def test_install_keeps_a_default_the_user_already_chose(xdg):
    other = xdg["data"] / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=true %f\nMimeType=text/x-nbib;\n")
    xdg["config"].mkdir(parents=True)
    (xdg["config"] / "mimeapps.list").write_text("[Default Applications]\ntext/x-nbib=other.desktop\n")
    install()
    assert xdg_mime("query", "default", "text/x-nbib") == "other.desktop"
    assert xdg_mime("query", "default", "application/x-research-info-systems") == DESKTOP_FILE
    uninstall()
    assert (xdg["config"] / "mimeapps.list").read_text() == "[Default Applications]\ntext/x-nbib=other.desktop\n"


def test_uninstall_removes_exactly_what_install_wrote(xdg):
    xdg_mime("--version")  # the defaults below are written by xdg-mime
    unrelated = xdg["data"] / "applications" / "other.desktop"
    unrelated.parent.mkdir(parents=True)
    unrelated.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    written = install()
    removed = uninstall()
    assert sorted(removed) == sorted(written)
    assert not [p for p in written if p.exists()]
    assert unrelated.is_file()
    assert DESKTOP_FILE not in (xdg["config"] / "mimeapps.list").read_text()
    assert "text/x-nbib" not in (xdg["data"] / "mime" / "globs2").read_text()
    assert uninstall() == []


def test_install_is_repeatable(xdg):
    first = install()
    assert install() == first
    assert not list((xdg["data"] / "applications").glob(".refdesk*"))  # no temporary files left


def test_install_works_without_any_desktop_tools(xdg, monkeypatch, tmp_path):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert set(install()) == expected_files(xdg["data"])
    assert not (xdg["data"] / "mime" / "mime.cache").exists()
    assert set(uninstall()) == expected_files(xdg["data"])


def test_the_command_line_installs_and_uninstalls(xdg):
    def refdesk(*args: str) -> set[Path]:
        result = subprocess.run([sys.executable, "-m", "refdesk", *args], capture_output=True, text=True,
                                timeout=120, check=True)
        return set(map(Path, result.stdout.split()))

    assert refdesk("install-desktop") == expected_files(xdg["data"])
    assert refdesk("install-desktop", "--uninstall") == expected_files(xdg["data"])
    assert not [p for p in expected_files(xdg["data"]) if p.exists()]


def test_a_relative_xdg_data_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    assert desktop_entry.data_home() == tmp_path / ".local" / "share"


# Finding the launcher and the resources ----------------------------------------


def test_a_frozen_app_launches_its_own_executable(monkeypatch, tmp_path):
    executable = tmp_path / "dist" / "refdesk" / "refdesk"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    assert launcher_command() == [str(executable)]


def test_a_pip_install_launches_the_running_console_script(monkeypatch, tmp_path):
    script = tmp_path / "venv" / "bin" / "refdesk"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "install-desktop"])
    assert launcher_command() == [str(script)]


def test_without_a_console_script_python_runs_the_module(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "argv", ["-c"])
    monkeypatch.setattr(desktop_entry.sysconfig, "get_path", lambda *a, **k: str(tmp_path))
    assert launcher_command()[1:] == ["-m", "refdesk"]


def test_a_frozen_bundle_finds_its_resources(monkeypatch, tmp_path):
    bundled = tmp_path / "_internal" / "refdesk" / "resources"
    bundled.mkdir(parents=True)
    (bundled / DESKTOP_FILE).write_text("[Desktop Entry]\n")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert desktop_entry.resources_dir() == bundled


def test_a_checkout_finds_the_top_level_resources():
    assert desktop_entry.resources_dir() == RESOURCES


# Exec quoting and mimeapps.list editing -----------------------------------------


@pytest.mark.parametrize(("argument", "quoted"), [
    ("/opt/refdesk/refdesk", "/opt/refdesk/refdesk"),
    ("/home/a b/refdesk", '"/home/a b/refdesk"'),
    ("/tmp/100%/refdesk", "/tmp/100%%/refdesk"),
    ('/x/"q"$`\\/r', '"/x/\\"q\\"\\$\\`\\\\/r"'),
])
def test_exec_arguments_are_quoted_as_the_spec_says(argument, quoted):
    assert quote_exec_argument(argument) == quoted


def test_an_entry_for_a_path_with_spaces_validates(tmp_path):
    validator = require_tool("desktop-file-validate", "desktop-file-utils")
    template = (RESOURCES / DESKTOP_FILE).read_text(encoding="utf-8")
    text = desktop_entry_text(template, ["/home/a b/my apps/refdesk", "-m", "refdesk"])
    path = tmp_path / DESKTOP_FILE
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout
    assert 'Exec="/home/a b/my apps/refdesk" -m refdesk %F' in text
    assert text.count("TryExec=") == 1 and text.count("\nExec=") == 1


def test_removing_refdesk_from_mimeapps_keeps_everything_else():
    text = ("[Default Applications]\ntext/x-nbib=refdesk.desktop\ntext/html=firefox.desktop\n"
            "[Added Associations]\napplication/x-ris=refdesk.desktop;gedit.desktop;\n"
            "[Other]\nx=refdesk.desktop\n")
    assert remove_from_mimeapps(text, "refdesk.desktop") == (
        "[Default Applications]\ntext/html=firefox.desktop\n"
        "[Added Associations]\napplication/x-ris=gedit.desktop;\n"
        "[Other]\nx=refdesk.desktop\n")
