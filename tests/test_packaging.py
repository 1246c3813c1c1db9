"""`pip install .` gives a working `greatjobs` command that carries the data snapshot."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_a_working_command_with_the_snapshot(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("greatjobs-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "greatjobs/snapshot/sources.toml" in names
    assert any(n.endswith("entry_points.txt") for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True,
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(target), "GREATJOBS_HOME": str(tmp_path / "home")}
    script = target / "bin" / "greatjobs"
    listing = subprocess.run(
        [sys.executable, str(script), "data", "list", "--format", "csv"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "iod2025_england_lsoa21" in listing.stdout
    where = subprocess.run(
        [sys.executable, "-c",
         "from greatjobs.sources.catalogue import Catalogue; print(Catalogue.load().directory)"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.strip().startswith(str(target))
