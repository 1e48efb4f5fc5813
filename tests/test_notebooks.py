"""Every notebook in notebooks/ runs top to bottom from a clean kernel, in a temporary folder.

The notebooks are the tutorial; executing them here keeps them from rotting. They
must be stored without outputs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_notebooks_exist():
    assert len(NOTEBOOKS) >= 1, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None, (
                f"{path.name}: strip outputs before committing")


WIDGETS = {"TranscriptCoder", "Reconciler", "CodingPanel", "CodingSession"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_notebook_closes_a_project_under_a_live_widget(path):
    """After "Run All" a widget is still on screen: the notebook must leave its project
    open (#19 item 7); closing it in a later cell is what broke the coding panel."""
    import ast

    nb = json.loads(path.read_text(encoding="utf-8"))
    shown: dict[str, int] = {}                   # project variable -> cell of its widget
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in WIDGETS and node.args and isinstance(node.args[0], ast.Name):
                shown.setdefault(node.args[0].id, i)
            if (name == "close" and isinstance(f, ast.Attribute)
                    and isinstance(f.value, ast.Name) and f.value.id in shown):
                pytest.fail(f"{path.name}: cell {i} closes {f.value.id!r}, which the widget "
                            f"made in cell {shown[f.value.id]} writes to")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_match_their_sources(path, tmp_path):
    """notebooks/NN.ipynb is what notebooks/_src/make.py builds from notebooks/_src/NN.py."""
    import importlib.util

    import nbformat

    src = ROOT / "notebooks" / "_src" / (path.stem + ".py")
    assert src.exists(), f"{path.name}: no source {src.relative_to(ROOT)}"
    spec = importlib.util.spec_from_file_location("_nb_make", ROOT / "notebooks" / "_src" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    built = tmp_path / path.name
    make.build(src, built)
    ours = [(c.cell_type, c.source) for c in nbformat.read(built, as_version=4).cells]
    stored = [(c.cell_type, c.source) for c in nbformat.read(path, as_version=4).cells]
    assert stored == ours, (f"{path.name} differs from {src.name}: run "
                            f"python notebooks/_src/make.py {src.relative_to(ROOT)}")


KERNEL_NETWORK_GUARD = """
import ipaddress as _ip, socket as _socket
_real_connect = _socket.socket.connect
def _qualkit_guard(self, address):
    host = address[0] if isinstance(address, tuple) else address
    try:
        local = (self.family == getattr(_socket, "AF_UNIX", None) or host in ("localhost", "")
                 or _ip.ip_address(host).is_loopback)
    except ValueError:
        local = False
    if not local:
        raise AssertionError(f"a notebook tried to open a network connection to {address!r}")
    return _real_connect(self, address)
_socket.socket.connect = _qualkit_guard
_s = _socket.socket()
try:
    _s.connect(("192.0.2.1", 80))
    raise RuntimeError("the network guard did not bite")
except AssertionError:
    pass
finally:
    _s.close()
"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_execute_without_error(path, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    work = tmp_path / "work"
    work.mkdir()
    # the notebooks refer to the synthetic study by its repository paths
    for name in ("transcripts_synthetic", "codebooks"):
        shutil.copytree(ROOT / name, work / name, symlinks=False)
    nb = nbformat.read(path, as_version=4)
    # the suite's no-network promise holds inside the kernel too: a hidden first cell
    # patches socket.connect there and proves the patch bites
    nb.cells.insert(0, nbformat.v4.new_code_cell(KERNEL_NETWORK_GUARD))
    monkeypatch.setenv("QUALKIT_PROGRESS", "0")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(work)}})
    client.execute()
    errors = [f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
              for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
