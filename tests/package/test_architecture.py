"""The package's shape, checked from its source: what import-linter cannot see.

* no module imports or reaches a private name (``_x``) of another condgan module;
* no import cycles between condgan modules (module level, ``TYPE_CHECKING`` excluded);
* no ``importlib`` string import of a condgan module (a hidden edge around the floors);
* files stay about one concept long (at most ``MAX_LINES`` lines, with a written reason
  for each exception).

The floors themselves (which package may import which) are import-linter's contract in
``pyproject.toml``, run by ``lint-imports`` in CI; a test here runs it too when installed.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "condgan"
MAX_LINES = 420
#: files allowed past MAX_LINES, each with the reason (none today).
LONG_FILES: dict[str, str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                if hasattr(child, "lineno"):
                    lines.add(child.lineno)
    return lines


def _imports(module: str) -> list[tuple[str, list[str], int, bool]]:
    """(imported module, names, line, at module level) for every condgan import."""
    tree = ast.parse(MODULES[module].read_text())
    skip = _type_checking_lines(tree)
    top = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            if target.split(".")[0] == "condgan":
                out.append((target, [a.name for a in node.names], node.lineno, id(node) in top))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "condgan":
                    out.append((alias.name, [], node.lineno, id(node) in top))
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_modules_found() -> None:
    assert "condgan.types" in MODULES and len(MODULES) > 40


def test_no_private_name_crosses_a_module() -> None:
    bad = []
    for module in MODULES:
        for target, names, line, _ in _imports(module):
            parts = target.split(".")
            if any(_private(p) for p in parts[1:]) and not target.startswith(module + "."):
                bad.append(f"{module}:{line} imports private module {target}")
            for name in names:
                if _private(name) and target != module:
                    bad.append(f"{module}:{line} imports {target}.{name}")
        # attribute access on an imported condgan module alias: ``LF._number``
        tree = ast.parse(MODULES[module].read_text())
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and _resolve(module, node).startswith("condgan"):
                for a in node.names:
                    full = f"{_resolve(module, node)}.{a.name}"
                    if full in MODULES:
                        aliases[a.asname or a.name] = full
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in MODULES and a.asname:
                        aliases[a.asname] = a.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and _private(node.attr)
            ):
                bad.append(f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert not bad, "private names used across modules:\n" + "\n".join(bad)


def _owner(target: str) -> str | None:
    """The condgan module a dotted import target lands in (a module, or a name's module)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for target, names, _, _top in _imports(module):
            # deferred imports count too: a cycle of concepts is one even when it cannot
            # fail at import time
            owners = {_owner(f"{target}.{n}") for n in names} if names else {_owner(target)}
            for owner in owners - {None, module}:
                # importing a package's name runs the package: count the package itself
                graph[module].add(owner)
    # Tarjan's strongly connected components
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            # a package re-exporting its own submodules is not a cycle of concepts
            if len(comp) > 1 and not _package_reexport(comp):
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def _package_reexport(comp: list[str]) -> bool:
    """A component made only of a package and modules inside it that it re-exports."""
    packages = [m for m in comp if _is_package(m)]
    if len(packages) != 1:
        return False
    pkg = packages[0]
    return all(m == pkg or m.startswith(pkg + ".") for m in comp) and _reexport_only(pkg, comp)


def _reexport_only(pkg: str, comp: list[str]) -> bool:
    # inside the component, submodules may import the package only through a deeper path
    for m in comp:
        if m == pkg:
            continue
        for target, _names, _, top in _imports(m):
            if top and target == pkg:
                return False  # a submodule importing names from its own package __init__
    return True


def test_no_importlib_reach_into_condgan() -> None:
    bad = []
    for module, path in MODULES.items():
        for line_no, line in enumerate(path.read_text().splitlines(), 1):
            if "import_module(" in line and ('"condgan' in line or "'condgan" in line):
                bad.append(f"{module}:{line_no}: {line.strip()}")
    assert not bad, "string imports of condgan modules hide edges from the floors:\n" + "\n".join(
        bad
    )


def test_files_stay_one_concept_long() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    unexplained = {k: v for k, v in long.items() if k not in LONG_FILES}
    assert not unexplained, f"files over {MAX_LINES} lines without a reason: {unexplained}"


def test_layer_contract_holds() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]' brings it)")
    root = SRC.parent
    done = subprocess.run([exe], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
