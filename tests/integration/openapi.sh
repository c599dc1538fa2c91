#!/usr/bin/env bash
# porch — integration test of docs/openapi.yaml (tests/integration/openapi_check.py):
# its examples validate against their schemas, every API route of handlers/routes.c
# is documented, and every documented operation answers a documented status through
# nginx, with an API key. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl python3
python3 -c 'import yaml, jsonschema' 2>/dev/null ||
	tap_skip_all "python3-yaml and python3-jsonschema are needed"

stack_setup
# The documented file upload writes under documents.dir, as porchd.
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
stack_serve
KEY=$(stack_porchctl apikey add acme "OpenAPI check" 2>/dev/null)
python3 "$top_srcdir/tests/integration/openapi_check.py" "$top_srcdir/docs/openapi.yaml" \
	"$top_srcdir/handlers/routes.c" "$P" acme.test "$KEY"
