#!/usr/bin/env python3
"""Fingerprint svfix's behaviour: outputs and change lists on every dev and synthetic set.

    python benchmarks/snapshot.py OUT.json [--shared ../shared] [--sets benchmarks/sets]

A restructuring must leave behaviour byte-identical: run this before and after and
compare the two files (``cmp``); ``--dump DIR`` also writes every output and change list
so that a difference can be read. Units follow ../shared/dev/README.md: the short sets
are fixed line by line, the light sets page by page, everything else as whole files.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import svfix

UNITS = {"short": "\n", "light": "\n\f\n"}


def fingerprint(text: str) -> tuple[str, list[str]]:
    """The output of fix(), checked against fix_and_explain(), and the change rows."""
    plain = svfix.fix(text)
    result = svfix.fix_and_explain(text)
    if plain != result.text:
        raise SystemExit(f"fix() and fix_and_explain() disagree on a text of {len(text)} characters")
    rows = [json.dumps([c.start, c.end, c.old, c.new, c.stage, c.reason, round(c.confidence, 12)], ensure_ascii=False)
            for c in result.changes]
    return plain, rows


def documents(shared: Path, sets: Path):
    dev = shared / "dev"
    for path in sorted(dev.glob("*.input.txt")):
        name = path.name.removesuffix(".input.txt")
        text = path.read_text(encoding="utf-8")
        sep = next((s for prefix, s in UNITS.items() if name.startswith(prefix)), None)
        parts = text.split(sep) if sep else [text]
        for k, part in enumerate(parts):
            if part.strip():
                yield f"dev/{name}/{k}", part
    yield "dev/clean", (dev / "clean.txt").read_text(encoding="utf-8")
    for path in sorted((shared / "examples" / "clean").glob("*")):
        yield f"examples/{path.name}", path.read_text(encoding="utf-8")
    for path in sorted(sets.glob("*/*.ocr.txt")):
        yield f"sets/{path.parent.name}/{path.name}", path.read_text(encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--shared", default="../shared")
    parser.add_argument("--sets", default="benchmarks/sets")
    parser.add_argument("--dump", help="also write each output and change list into this folder")
    args = parser.parse_args(argv)
    result = {}
    dump = Path(args.dump) if args.dump else None
    per_group: dict[str, hashlib._Hash] = {}
    for label, text in documents(Path(args.shared), Path(args.sets)):
        output, rows = fingerprint(text)
        digest = hashlib.sha256(output.encode() + b"\0" + "\n".join(rows).encode()).hexdigest()
        result[label] = digest
        group = "/".join(label.split("/")[:2])
        per_group.setdefault(group, hashlib.sha256()).update(digest.encode())
        if dump:
            target = dump / (label.replace("/", "__") + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output + "\n\0CHANGES\n" + "\n".join(rows), encoding="utf-8")
    Path(args.out).write_text(json.dumps(result, indent=0, sort_keys=True), encoding="utf-8")
    for group, digest in sorted(per_group.items()):
        print(f"{group:28} {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
