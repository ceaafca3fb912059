"""Support for the deploy tests: real builds of a small spec, and fake forge/npm/npx executables.

The fake tools are one Python script installed under three names in a temporary ``bin`` folder that is the
whole ``PATH``. Each call appends a JSON line to ``$FAKE_RECORD``: the tool, its argv, its working folder,
the email it received and the SHA-256 of the token it received (never the token itself, so the record
file does not defeat the "token in no file" checks). Behaviour is steered by environment variables:

- ``FAKE_FAIL=<step>``: fail that step (``settings``, ``register``, ``deploy``, ``install-list``,
  ``install``, ``npm-install``) printing ``$FAKE_FAIL_OUTPUT`` and exiting 1 (``FAKE_FAIL_EXIT`` overrides);
- ``FAKE_INSTALLED``: what ``forge install list --json`` prints (default ``[]``);
- ``FAKE_LEAK=1``: every forge call prints the token it was given, raw, URL-encoded and in base64;
- ``FAKE_LEAK=chunks``: every forge call writes the token in flushed pieces of five characters,
  alternating between stdout and stderr, then again wrapped over indented lines;
- ``FAKE_APP_ID``: the id ``forge register`` writes into manifest.yml.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forgewright.specs import compile_spec
from forgewright.writer import write_drafts

TOKEN = "ATATT3xFfGF0-s3cr3t+t0ken/with=chars"
EMAIL = "dev@example.com"
NEW_APP_ID = "ari:cloud:ecosystem::app/0a1b2c3d-1111-2222-3333-444455556666"
SITE = "acme.atlassian.net"

SPEC_TEXT = """\
# A gadget listing overdue issues
app "Overdue Tracker" {
  description "Work that is past its due date"   # shown in the app listing

  gadget overdue "Overdue issues" {
    issues where "duedate < now() AND resolution is EMPTY" order by duedate asc limit 20
    table { key, summary, assignee, duedate "Due" }
  }
}
"""

FAKE_TOOL = r"""
import base64, hashlib, json, os, sys, urllib.parse

tool = os.path.basename(sys.argv[0])
args = sys.argv[1:]
if tool == "npx":
    assert args[:2] == ["--yes", "@forge/cli@13.3.0"], args
    tool, args = "npx:forge", args[2:]
token = os.environ.get("FORGE_API_TOKEN")
with open(os.environ["FAKE_RECORD"], "a", encoding="utf-8") as rec:
    rec.write(json.dumps({
        "tool": tool, "argv": args, "cwd": os.getcwd(),
        "email": os.environ.get("FORGE_EMAIL"),
        "token_sha256": hashlib.sha256(token.encode()).hexdigest() if token else None,
    }) + "\n")

if tool == "npm":
    step = "npm-install"
elif args[:2] == ["install", "list"]:
    step = "install-list"
else:
    step = args[0]
if os.environ.get("FAKE_LEAK") == "1" and token:
    print("debug: token", token, urllib.parse.quote(token, safe=""), base64.b64encode(token.encode()).decode())
if os.environ.get("FAKE_LEAK") == "chunks" and token:
    for i in range(0, len(token), 5):
        stream = (sys.stdout, sys.stderr)[i // 5 % 2]
        stream.write(token[i : i + 5])
        stream.flush()
    print("\n  token:", "\n         ".join(token[i : i + 7] for i in range(0, len(token), 7)), flush=True)
if os.environ.get("FAKE_FAIL") == step:
    print(os.environ.get("FAKE_FAIL_OUTPUT", "something went wrong"))
    sys.exit(int(os.environ.get("FAKE_FAIL_EXIT", "1")))
if step == "register":
    import yaml
    with open("manifest.yml", encoding="utf-8") as f:
        manifest = yaml.safe_load(f)
    manifest.setdefault("app", {})["id"] = os.environ["FAKE_APP_ID"]
    with open("manifest.yml", "w", encoding="utf-8") as f:
        yaml.safe_dump(manifest, f, sort_keys=False)
    print("Registered Overdue Tracker")
elif step == "install-list":
    print(os.environ.get("FAKE_INSTALLED", "[]"))
elif step == "npm-install":
    os.makedirs("node_modules/@forge/react", exist_ok=True)
    with open("package-lock.json", "w") as f:
        f.write("{}")
print("ok:", step)
"""


def make_build(build_dir: Path, spec_path: Path) -> None:
    """Build the spec with the real compiler and writer: the deploy checks a build against a rebuild of its
    spec, byte for byte, so nothing less than the real build passes."""
    _analysis, output = compile_spec(spec_path)
    write_drafts(output.drafts, build_dir, spec=spec_path)


@dataclass
class Workspace:
    root: Path
    spec: Path
    build: Path
    home: Path
    tmp: Path
    bin: Path
    record: Path
    env: dict[str, str]

    def calls(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text(encoding="utf-8").splitlines()]

    def commands(self) -> list[list[str]]:
        return [[c["tool"], *c["argv"]] for c in self.calls()]

    def state_file(self) -> Path:
        return self.home / ".config" / "forgewright" / "deployments.json"

    def remove_tool(self, name: str) -> None:
        (self.bin / name).unlink()


def install_tool(bin_dir: Path, name: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!{sys.executable}\n{FAKE_TOOL}", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def files_containing(root: Path, needle: bytes) -> list[Path]:
    """Every regular file under root whose bytes contain needle."""
    hits: list[Path] = []
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink() and needle in path.read_bytes():
                hits.append(path)
    return hits
