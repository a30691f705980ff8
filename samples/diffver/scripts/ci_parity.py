#!/usr/bin/env python3
"""The local CI-parity run (validation snapshot item 6): the steps of the CI/CD and contract safety section that run
without a deployment, in CI's order. Exit 0 only when every step passes.

  1. route contract: every route the service registers (reports/routes.json) is in openapi.yaml and back
  2. typed client generation: clients/diffver_client.py is what openapi.yaml generates
"""
import json
import pathlib
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import generate_client  # noqa: E402

REPO = generate_client.REPO


def normalize(route):
    method, path = route.split(" ", 1)
    return method.upper() + " " + re.sub(r"{[^}]+}", "{}", path)


def route_contract():
    served = {normalize(r) for r in json.loads((REPO / "reports" / "routes.json").read_text(encoding="utf-8"))}
    documented = {normalize(f"{m} {p}") for m, p in generate_client.operations(REPO / "openapi.yaml")}
    problems = [f"served but undocumented: {r}" for r in sorted(served - documented)]
    problems += [f"documented but not served: {r}" for r in sorted(documented - served)]
    return problems


def client_generation():
    client = REPO / "clients" / "diffver_client.py"
    expected = generate_client.generate(REPO / "openapi.yaml")
    if not client.exists() or client.read_text(encoding="utf-8") != expected:
        return [f"{client.relative_to(REPO)} is stale against openapi.yaml"]
    return []


def main():
    failed = 0
    for name, step in (("route contract", route_contract), ("client generation", client_generation)):
        problems = step()
        print(f"ci-parity: {name}: {'ok' if not problems else 'FAILED'}")
        for p in problems:
            print(f"  {p}")
        failed += bool(problems)
    print(f"ci-parity: {2 - failed} of 2 steps passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
