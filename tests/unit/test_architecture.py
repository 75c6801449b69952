"""The architecture holds: layers, no cycles, and a command line that starts light."""

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
from helpers import ROOT


def test_every_import_linter_contract_is_kept():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    expected = len(contracts["contracts"])
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{expected} kept, 0 broken" in result.stdout


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for imported in sorted(edges[module]):
            if state.get(imported) == 1:
                found.append([*stack[stack.index(imported) :], imported])
            elif imported not in state:
                visit(imported)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)
    return found


def test_no_module_takes_part_in_an_import_cycle():
    """Counting imports inside functions and under TYPE_CHECKING, as grimp does."""
    graph = grimp.build_graph("translate", "reader")
    ours = set(graph.modules)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) & ours for m in ours}
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def _imported_by(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    import json

    return set(json.loads(result.stdout.strip().splitlines()[-1]))


HEAVY = {
    "torch",
    "transformers",
    "ctranslate2",
    "ray",
    "textual",
    "reader.app",
    "translate.engines.transformers",
    "translate.engines.ctranslate2",
    "translate.jobs.ray",
    "translate.testing.speed",
    "translate.testing.synthetic",
}


def test_bireader_help_imports_no_backend_ray_or_benchmark():
    modules = _imported_by(
        "import sys\nfrom translate.cli import main\nsys.argv = ['bireader', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert "translate.cli.translate" in modules  # the probe did run the command line
    assert HEAVY & modules == set()


def test_importing_the_library_loads_no_ui_and_no_model_code():
    modules = _imported_by("import translate.cli, translate.jobs.local, translate.session")
    assert {"textual", "reader", "torch", "transformers"} & modules == set()
