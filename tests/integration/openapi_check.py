#!/usr/bin/env python3
# porch — checks docs/openapi.yaml against porch itself (run by openapi.sh): every
# example body validates against its schema (python3-jsonschema), every API route
# of handlers/routes.c is a documented path, and every documented operation,
# sent to a running stack through the web server, answers one of its documented
# statuses (so a documented path is a real route, not the router's 404 or 405).
# Paths are read from the file, so a resource added there is checked too. TAP.
#
# usage: openapi_check.py OPENAPI.yaml ROUTES.c PORT HOST KEY
import http.client
import json
import re
import sys

import jsonschema
import yaml

n = 0
failed = 0


def tap(ok, desc, diag=None):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n, desc))
    if not ok and diag:
        for line in str(diag).splitlines()[:20]:
            print("# " + line)


def pointer(parts):
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def main():
    doc_path, routes_path, port, host, key = sys.argv[1:6]
    with open(doc_path) as f:
        doc = yaml.safe_load(f)
    tap(str(doc.get("openapi", "")).startswith("3.1"), "docs/openapi.yaml is OpenAPI 3.1")
    try:
        from openapi_spec_validator import validate
    except ImportError:
        tap(True, "docs/openapi.yaml is a valid description # SKIP "
            "openapi-spec-validator not installed")
    else:
        try:
            validate(doc)
            tap(True, "docs/openapi.yaml is a valid description (openapi-spec-validator)")
        except Exception as e:  # the validator's own error, whatever its class
            tap(False, "docs/openapi.yaml is a valid description (openapi-spec-validator)", e)
    # The whole file as the root schema, with a $ref to the schema wanted: every
    # "#/components/..." resolves in the file itself, and the file's other keys
    # are no JSON Schema keywords (ignored).
    def validator(parts):
        return jsonschema.Draft202012Validator(
            dict(doc, **{"$ref": pointer(parts)}),
            format_checker=jsonschema.FormatChecker())

    # An example, or a $ref to one of components/examples, as its value.
    def example_value(ex):
        if isinstance(ex, dict) and "$ref" in ex:
            node = doc
            for part in ex["$ref"].lstrip("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            ex = node
        return ex.get("value") if isinstance(ex, dict) else None

    # The one example of media type object m: "example", or the first of "examples".
    def first_example(m):
        if "example" in m:
            return m["example"]
        for ex in (m.get("examples") or {}).values():
            return example_value(ex)
        return None

    # 1. Every example of a media type validates against the media type's schema
    # (an NDJSON example line by line).
    examples = []

    def media_examples(node, parts):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "content" and isinstance(v, dict):
                    for mt, m in v.items():
                        if not isinstance(m, dict) or "schema" not in m:
                            continue
                        where = parts + ["content", mt]
                        if "example" in m:
                            examples.append((where + ["schema"], mt, m["example"],
                                             pointer(where + ["example"])))
                        for name, ex in (m.get("examples") or {}).items():
                            examples.append((where + ["schema"], mt, example_value(ex),
                                             pointer(where + ["examples", name])))
                media_examples(v, parts + [k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                media_examples(v, parts + [i])

    media_examples(doc, [])
    tap(len(examples) >= 10, "the file has examples (%d)" % len(examples))
    for schema_at, mt, value, where in examples:
        values = [value]
        if mt == "application/x-ndjson":
            values = [json.loads(line) for line in value.splitlines() if line.strip()]
        errs = []
        for v in values:
            errs += [e.message for e in validator(schema_at).iter_errors(v)]
        tap(not errs, "example %s validates against its schema" % where, "\n".join(errs))

    # 2. Every API route in handlers/routes.c is documented.
    with open(routes_path) as f:
        routes = f.read()
    wanted = set()
    names = re.findall(r'API_RESOURCE_ROUTES\(\s*"([^"]+)"', routes)
    for name in names:
        wanted.add("/api/v1/%s" % name)
        wanted.add("/api/v1/%s/{external_id}" % name)
    for word in re.findall(r'\{\s*API_PREFIX\s+"([^"]+)"', routes):
        wanted.add("/api/v1/" + word)
    for path in re.findall(r'\{\s*"(/api/[^"]*)"', routes):
        wanted.add(path)
    paths = doc.get("paths", {})
    tap(len(wanted) >= 5, "routes.c has API routes (%d)" % len(wanted))
    for path in sorted(wanted):
        tap(path in paths, "route %s is documented" % path)
    enum = doc["components"]["schemas"]["ResourceName"]["enum"]
    tap(sorted(enum) == sorted(names),
        "a batch line's resource names every resource of routes.c",
        "documented %s, routes %s" % (enum, names))

    # 3. Every documented operation answers one of its documented statuses through
    # the web server: PUTs first (with their example), then reads, batch, deletes.
    # Resources are put in ResourceName's order (an item before those naming it)
    # and deleted in the reverse, so every example's references resolve.
    order = {"put": 0, "get": 1, "post": 2, "delete": 3}

    def rank(method, path):
        parts = path.split("/")
        r = enum.index(parts[3]) if len(parts) > 3 and parts[3] in enum else len(enum)
        return -r if method == "delete" else r

    ops = []
    for path, item in paths.items():
        for method, op in item.items():
            if method in order:
                ops.append((order[method], rank(method, path), path, method, op))
    ops.sort(key=lambda o: o[:3])
    ops = [(o[0], o[2], o[3], o[4]) for o in ops]
    xids = {}
    for _, path, method, op in ops:
        if "{external_id}" in path:
            base = path.split("/{")[0]
            url = path.replace("{external_id}", xids.get(base, "openapi-probe"))
        else:
            url = path
        body, ctype = None, None
        rb = (op.get("requestBody") or {}).get("content", {})
        for mt, m in rb.items():
            ctype, body = mt, m.get("example")
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
        ex = None
        if method == "put" and "{external_id}" in path:
            # A contact's example names customer c-1001: use the ids the
            # examples use, so references resolve.
            resp_ex = (op["responses"].get("201") or op["responses"].get("200") or {})
            ex = first_example(resp_ex.get("content", {}).get("application/json", {}) or {})
            if isinstance(ex, dict) and "external_id" in ex:
                xids[path.split("/{")[0]] = ex["external_id"]
                url = path.replace("{external_id}", ex["external_id"])
        c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        headers = {"Host": host, "Authorization": "Bearer " + key}
        if ctype:
            headers["Content-Type"] = ctype
        c.request(method.upper(), url, body=body.encode() if body else None, headers=headers)
        r = c.getresponse()
        text = r.read().decode("utf-8", "replace")
        c.close()
        documented = [str(s) for s in op.get("responses", {})]
        tap(str(r.status) in documented,
            "%s %s answers a documented status (%d)" % (method.upper(), url, r.status),
            "documented: %s\n%s" % (", ".join(documented), text[:500]))
        if method == "put" and ex is not None:
            # A PUT's example body is one porch takes as written.
            tap(r.status in (200, 201), "...its example body is accepted", text[:500])
        if r.status < 300 and r.status != 204:
            mt = r.getheader("Content-Type", "").split(";")[0]
            content = op["responses"][str(r.status)].get("content", {})
            tap(mt in content, "...as the documented %s" % mt)
            # The answer itself validates against the documented schema.
            errs = []
            if mt in content and "schema" in content[mt]:
                where = ["paths", path, method, "responses", str(r.status), "content",
                         mt, "schema"]
                lines = text.splitlines() if mt == "application/x-ndjson" else [text]
                for line in lines:
                    errs += [e.message for e in
                             validator(where).iter_errors(json.loads(line))]
            tap(not errs, "...and the answer validates against its schema",
                "\n".join(errs[:10]) + "\n" + text[:500])
            # A created item is the documented example (what porch stamps aside).
            if r.status == 201 and ex is not None:
                got = json.loads(text)
                for k in ("created_at",):
                    got.pop(k, None)
                    ex = {x: y for x, y in ex.items() if x != k}
                tap(got == ex, "...and is the documented example",
                    "got      %s\nexpected %s" % (json.dumps(got, sort_keys=True),
                                                 json.dumps(ex, sort_keys=True)))
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
