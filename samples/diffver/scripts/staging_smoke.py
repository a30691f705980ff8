#!/usr/bin/env python3
"""Staging smoke workflow (validation snapshot item 7).

  python3 scripts/staging_smoke.py --api URL --env-file FILE            runs the smoke against URL
  python3 scripts/staging_smoke.py --api URL --env-file FILE --dry-run  only checks that the workflow can run:
                                                                        the API URL and the secrets it needs

The smoke key is read from DIFFVER_SMOKE_API_KEY in the env file and never printed.
"""
import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

REQUIRED_SECRETS = ("DIFFVER_SMOKE_API_KEY",)
PLACEHOLDERS = ("", "changeme", "your-api-key-here", "todo", "xxx")
GOOD_ARTIFACT = {"artifact": "diff-7f3a",
                 "sha256": "34eecd143c23b084a7b92422530949da3d430cf86252ded15c0d7fe05e8e19e9",
                 "content": "diff 7f3a signed by aws-kms"}


def read_env(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                name, value = line.split("=", 1)
                values[name.strip()] = value.strip().strip('"')
    return values


def call(api, method, path, key, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(api.rstrip("/") + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", "Bearer " + key)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--env-file", required=True)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    problems = []
    if urllib.parse.urlparse(args.api).scheme not in ("http", "https"):
        problems.append(f"--api {args.api} is not an http(s) URL")
    env = read_env(args.env_file)
    for name in REQUIRED_SECRETS:
        if env.get(name, "").lower() in PLACEHOLDERS:
            problems.append(f"secret {name} is not configured in {args.env_file}")
    if problems:
        for p in problems:
            print(f"staging smoke: {p}")
        return 2
    if args.dry_run:
        print(f"staging smoke: runnable against {args.api} (secrets configured: {', '.join(REQUIRED_SECRETS)})")
        return 0

    key = env[REQUIRED_SECRETS[0]]
    steps = []
    try:
        status, _ = call(args.api, "GET", "/", key)
        steps.append(("home page answers 200", status == 200, status))
        status, body = call(args.api, "POST", "/v1/artifacts/verify", key, GOOD_ARTIFACT)
        steps.append(("a signed staging artifact verifies", status == 200 and '"valid":true' in body.replace(" ", ""), status))
    except (urllib.error.URLError, OSError) as e:
        print(f"staging smoke: {args.api} could not be reached: {getattr(e, 'reason', e)}")
        return 1
    for name, ok, status in steps:
        print(f"staging smoke: {name}: {'ok' if ok else 'FAILED'} (HTTP {status})")
    passed = sum(ok for _, ok, _ in steps)
    print(f"staging smoke: {passed} of {len(steps)} steps passed")
    return 0 if passed == len(steps) else 1


if __name__ == "__main__":
    sys.exit(main())
