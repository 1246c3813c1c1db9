"""The library and the command line work without the web extra; web commands say what to
install (tested for real by `make test-minimum`, which has no Django at all)."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli


@pytest.fixture()
def without_django(monkeypatch):
    """As if Django were not installed: importing it fails."""
    for name in [m for m in sys.modules if m == "django" or m.startswith("django.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "django", None)


@pytest.mark.parametrize("command", [["serve"], ["web", "setup"], ["web", "manage", "check"]])
def test_web_commands_say_which_extra_to_install(tmp_path, without_django, command):
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), *command])
    assert result.exit_code == 2
    assert "pip install 'greatjobs[web]'" in result.stderr


def test_the_library_and_cli_need_no_django(built_home):
    """Every command group loads without Django (they import it nowhere)."""
    import subprocess

    code = (
        "import sys; sys.modules['django'] = None\n"
        "from greatjobs.cli.main import cli\n"
        "from click.testing import CliRunner\n"
        f"r = CliRunner().invoke(cli, ['--home', {str(built_home.root)!r}, 'places', 'show', "
        "'Liverpool City Region', '--format', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['django']"  # only the blocked name itself
