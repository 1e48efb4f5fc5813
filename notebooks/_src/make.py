"""Build notebooks/NN_name.ipynb from notebooks/_src/NN_name.py (percent-format cells; outputs empty).

Usage: python notebooks/_src/make.py notebooks/_src/01_familiarise.py ...
"""
import sys, nbformat
from pathlib import Path

def build(src: Path, dst: Path):
    cells = []
    kind, buf = None, []
    def flush():
        if kind is None:
            return
        text = "\n".join(buf).strip("\n")
        if kind == "md":
            text = "\n".join(l[2:] if l.startswith("# ") else l.lstrip("#") for l in text.split("\n"))
            cells.append(nbformat.v4.new_markdown_cell(text))
        else:
            cells.append(nbformat.v4.new_code_cell(text))
    for line in src.read_text().split("\n"):
        if line.startswith("# %% [markdown]"):
            flush(); kind, buf = "md", []
        elif line.startswith("# %%"):
            flush(); kind, buf = "code", []
        else:
            buf.append(line)
    flush()
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i:03d}"
    nbformat.write(nb, dst)

if __name__ == "__main__":
    for s in sys.argv[1:]:
        p = Path(s)
        build(p, Path(__file__).resolve().parents[1] / (p.stem + ".ipynb"))
        print("built", p.stem)
