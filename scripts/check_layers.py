#!/usr/bin/env python3
"""Checks the include graph against the build graph (scripts/check-layers.sh).

Reads the targets, their sources and their (transitive) dependencies from the
CMake file API reply of a configured build tree, and every `#include "..."`
of the project's own files, then fails on:

  undeclared  a file includes a file of a library its target does not link
              (directly or through a PUBLIC dependency): the real graph and
              the one CMake declares must be the same;
  upward      a library folder includes (or links) a folder that is not below
              it in LAYERS — dependencies point one way;
  namespace   a library file opens a namespace other than its folder's
              (`shouhu::<folder>`; base/ and model/ are the shared vocabulary, in
              `shouhu` itself).

A header belongs to the target that compiles the .cc of the same name, else to
its folder's library. Usage: check_layers.py SOURCE_DIR BUILD_DIR
"""
import glob
import json
import os
import re
import sys

# Each library folder and the folders it may use (directly); the closure of
# this relation is what "below" means. Keep in step with doc/design.md §3.
LAYERS = {
    "base": [],
    "config": ["base"],
    "model": ["base"],
    "parsers": ["config", "model"],
    "rules": ["parsers"],
    "storage": ["model"],
    "evidence": ["storage"],
    "crawler": ["config"],
    "pipeline": ["crawler", "evidence", "rules"],
    "review": ["pipeline"],
    "app": ["pipeline", "review"],
    "tests/market": ["base"],  # the demo marketplace: a fixture, used by tests only
}
# Namespace a folder's code lives in.
NAMESPACES = {f: "shouhu::" + f for f in LAYERS}
NAMESPACES["base"] = "shouhu"
NAMESPACES["model"] = "shouhu"
NAMESPACES["tests/market"] = "shouhu::market"

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
NAMESPACE = re.compile(r"^namespace\s+([A-Za-z_:]+)\s*\{")


def closure(start, edges):
    seen, todo = set(), list(start)
    while todo:
        x = todo.pop()
        if x in seen:
            continue
        seen.add(x)
        todo.extend(edges.get(x, []))
    return seen


def folder_of(path):
    if path.startswith("tests/market/"):
        return "tests/market"
    return path.split("/", 1)[0]


def load_codemodel(build):
    reply = os.path.join(build, ".cmake", "api", "v1", "reply")
    indexes = sorted(glob.glob(os.path.join(reply, "index-*.json")))
    if not indexes:
        sys.exit(f"check-layers: no CMake file API reply in {reply} (configure with a codemodel-v2 query)")
    index = json.load(open(indexes[-1]))
    cm = next(o for o in index["objects"] if o["kind"] == "codemodel")
    code = json.load(open(os.path.join(reply, cm["jsonFile"])))
    targets = {}
    for t in code["configurations"][0]["targets"]:
        tj = json.load(open(os.path.join(reply, t["jsonFile"])))
        targets[tj["name"]] = {
            "type": tj["type"],
            "sources": [s["path"] for s in tj.get("sources", []) if not s["path"].startswith("/")],
            "deps": {d["id"].split("::")[0] for d in tj.get("dependencies", [])},
        }
    return targets


def main():
    src, build = sys.argv[1], sys.argv[2]
    targets = load_codemodel(build)
    problems = []

    # Owners: every compiled file by its targets; a header by its .cc's target,
    # else by its folder's library (shouhu_<folder>, shouhu_market for tests/market).
    owners = {}
    for name, t in targets.items():
        for s in t["sources"]:
            owners.setdefault(s, set()).add(name)
    folder_lib = {}
    for name, t in targets.items():
        if t["type"] != "STATIC_LIBRARY" or not t["sources"]:
            continue
        folders = {folder_of(s) for s in t["sources"]}
        if len(folders) == 1:
            f = folders.pop()
            if name == "shouhu_" + f.replace("tests/", "") or f not in folder_lib:
                folder_lib[f] = name

    project_files = []
    for root, dirs, files in os.walk(src):
        rel = os.path.relpath(root, src)
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("build", "node_modules", "testdata")]
        for f in files:
            if f.endswith((".h", ".cc")):
                project_files.append(os.path.normpath(os.path.join(rel, f)))

    def owner_targets(path):
        if path in owners:
            return owners[path]
        if path.endswith(".cc"):
            return set()  # not built in this configuration (e.g. benchmarks off)
        stem = os.path.splitext(path)[0] + ".cc"
        if stem in owners:
            return owners[stem]
        lib = folder_lib.get(folder_of(path))
        return {lib} if lib else set()

    lib_of_target = {}
    for f, lib in folder_lib.items():
        lib_of_target[lib] = f

    layer_below = {f: closure(LAYERS[f], LAYERS) for f in LAYERS}

    for path in sorted(project_files):
        if path.startswith(("scripts/", "build/")):
            continue
        f_folder = folder_of(path)
        text = open(os.path.join(src, path), encoding="utf-8", errors="replace").read().splitlines()
        includes = []
        for n, line in enumerate(text, 1):
            m = INCLUDE.match(line)
            if m and os.path.exists(os.path.join(src, m.group(1))):
                includes.append((n, m.group(1)))
            ns = NAMESPACE.match(line)
            if ns and f_folder in NAMESPACES and ns.group(1).startswith("shouhu"):
                want = NAMESPACES[f_folder]
                got = ns.group(1)
                # Nested namespaces inside the folder's own are fine (shouhu::crawler::testing).
                if got != want and not got.startswith(want + "::"):
                    problems.append(f"namespace  {path}:{n}: namespace {got} in {f_folder}/ (want {want})")
        for target in owner_targets(path):
            t = targets[target]
            allowed_targets = t["deps"] | {target}
            is_library = t["type"] == "STATIC_LIBRARY"
            for n, inc in includes:
                inc_owners = owner_targets(inc)
                if not inc_owners:
                    continue
                if not (inc_owners & allowed_targets):
                    problems.append(
                        f"undeclared {path}:{n}: includes {inc} ({', '.join(sorted(inc_owners))}) "
                        f"but {target} does not link it")
                i_folder = folder_of(inc)
                if is_library and f_folder in LAYERS and i_folder != f_folder:
                    if i_folder not in layer_below[f_folder]:
                        problems.append(
                            f"upward     {path}:{n}: {f_folder}/ includes {inc}; {i_folder}/ is not below {f_folder}/")

    # The link graph itself points down.
    for name, t in targets.items():
        f = lib_of_target.get(name)
        if f is None or f not in LAYERS:
            continue
        for d in t["deps"]:
            df = lib_of_target.get(d)
            if df and df != f and df not in layer_below[f]:
                problems.append(f"upward     {name} links {d}: {df}/ is not below {f}/")

    for p in sorted(set(problems)):
        print(p)
    checked = len(project_files)
    if problems:
        print(f"check-layers: {len(set(problems))} problem(s) in {checked} files")
        return 1
    print(f"check-layers: {checked} files, {len(targets)} targets: every include is declared and points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
