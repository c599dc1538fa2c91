/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the tenant API's JSON input tables: each type, required and null,
 * bounds, rules, unknown fields with their escaped pointers, nested bases, bodies
 * that are not one object, external ids, the error object's shape, and the lines
 * of a batch.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api_batch.h"
#include "api_json.h"
#include "tap.h"

enum f { F_NAME, F_NOTE, F_N, F_ON, F_DAY, F_REF, F_OPT, F_ITEMS, F_WORDS, F__MAX };

/* The items of "items": objects of a required "d" and an optional "c". */
enum i { I_D, I_C, I__MAX };
static const struct api_field item_fields[I__MAX] = {
	[I_D] = { "d", AF_STRING, AF_REQUIRED, 1, 5, NULL },
	[I_C] = { "c", AF_INT, 0, 0, 100, NULL },
};
static const struct api_list items = { item_fields, I__MAX };

static const char *
no_x(const char *s)
{
	return strchr(s, 'x') != NULL ? "no x, please" : NULL;
}

static const struct api_field fields[F__MAX] = {
	[F_NAME] = { "name", AF_STRING, AF_REQUIRED, 1, 5, no_x },
	[F_NOTE] = { "note", AF_TEXT, 0, 0, 0, NULL },
	[F_N] = { "n", AF_INT, 0, -5, 10, NULL },
	[F_ON] = { "on", AF_BOOL, 0, 0, 0, NULL },
	[F_DAY] = { "day", AF_DATE, 0, 0, 0, NULL },
	[F_REF] = { "ref", AF_XID, 0, 0, 0, NULL },
	[F_OPT] = { "opt", AF_STRING, AF_NULLABLE, 1, 10, NULL },
	[F_ITEMS] = { "items", AF_LIST, AF_NULLABLE, 0, 2, NULL, &items },
	[F_WORDS] = { "words", AF_WORDS, AF_NULLABLE, 0, 3, no_x },
};

static struct arena a;
static struct api_value v[F__MAX];
static struct api_err e;

/* Reads JSON text s with the table: 0 or the status. */
static int
try_read(const char *s, const char *base)
{
	json_t *root;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = api_json_parse(s, strlen(s), &root, &e)) != 0)
		return rc;
	rc = api_json_read(&a, root, base, fields, F__MAX, v, &e);
	json_decref(root);
	return rc;
}

/* s is refused with status 400, code and pointer. */
static void
refused(const char *s, const char *code, const char *field, const char *what)
{
	int rc = try_read(s, "");

	ok(rc == 400, "%s: 400", what);
	is_str(e.code, code, what);
	is_str(e.field, field, what);
}

/* A batch line: "" when it parses (then "op resource xid data?"), else "code field". */
static void
batch_line(const char *line, const char *want, const char *what)
{
	struct api_batch_line l;
	char got[300];

	memset(&e, 0, sizeof(e));
	if (api_batch_parse(&a, line, strlen(line), &l, &e) == 0) {
		snprintf(got, sizeof(got), "%s %s %s %s", l.op == API_BATCH_PUT ? "put" :
		    "delete", l.resource, l.xid, l.data != NULL && json_is_object(l.data) ?
		    "data" : "-");
		json_decref(l.root);
	} else
		snprintf(got, sizeof(got), "%d %s %s", e.status, e.code, e.field);
	is_str(got, want, what);
}

static void
test_batch_lines(void)
{
	batch_line("{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"c-1\","
	    "\"data\":{\"name\":\"A\"}}", "put customers c-1 data", "a put");
	batch_line("{\"external_id\":\"k:2\",\"op\":\"delete\",\"resource\":\"contacts\"}",
	    "delete contacts k:2 -", "a delete, keys in any order");
	batch_line("{\"op\":\"put\",", "400 bad_json ", "cut-off JSON");
	batch_line("[1]", "400 bad_json ", "not an object");
	batch_line("{\"op\":\"merge\",\"resource\":\"customers\",\"external_id\":\"c\"}",
	    "400 invalid_value /op", "an unknown op");
	batch_line("{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"c 1\","
	    "\"data\":{}}", "400 invalid_value /external_id", "an external id with a space");
	batch_line("{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"c\"}",
	    "400 missing_field /data", "a put without data");
	batch_line("{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"c\","
	    "\"data\":[]}", "400 wrong_type /data", "data that is no object");
	batch_line("{\"op\":\"delete\",\"resource\":\"customers\",\"external_id\":\"c\","
	    "\"data\":{}}", "400 unknown_field /data", "a delete with data");
	batch_line("{\"op\":\"delete\",\"resource\":\"customers\",\"external_id\":\"c\","
	    "\"id\":1}", "400 unknown_field /id", "an unknown key");
	batch_line("{\"op\":\"delete\",\"external_id\":\"c\"}", "400 missing_field /resource",
	    "no resource");
	ok(api_batch_blank(" \t\r", 3) && api_batch_blank("", 0) &&
	    !api_batch_blank(" {", 2), "blank lines are spaces, tabs and CR only");
}

int
main(void)
{
	char ptr[160];
	json_t *j;
	char *txt;

	ok(try_read("{\"name\": \"Añna\", \"note\": \"a\\nb\", \"n\": -5, \"on\": true, "
	    "\"day\": \"2028-02-29\", \"ref\": \"C-1.x:y@z~\", \"opt\": null}", "") == 0,
	    "every type at its edge is accepted");
	is_str(v[F_NAME].s, "Añna", "a string of 4 characters (5 bytes) fits 5");
	is_str(v[F_NOTE].s, "a\nb", "text keeps its line break");
	ok(v[F_N].set && v[F_N].i == -5, "an integer at its minimum");
	ok(v[F_ON].set && v[F_ON].i == 1, "true is 1");
	ok(v[F_DAY].set && v[F_DAY].i > 0, "a leap day is a day");
	ok(v[F_REF].set, "an external id");
	ok(!v[F_OPT].set, "null for a nullable field is not set");
	ok(try_read("{\"name\": \"Bo\"}", "") == 0 && !v[F_N].set && !v[F_NOTE].set,
	    "fields not sent are not set");

	refused("{\"name\": \"Bo\", \"nmae\": 1}", "unknown_field", "/nmae",
	    "an unknown field");
	refused("{\"name\": \"Bo\", \"a/b~c\": 1}", "unknown_field", "/a~1b~0c",
	    "an unknown field's pointer is escaped");
	refused("{}", "missing_field", "/name", "a required field not sent");
	refused("{\"name\": null}", "wrong_type", "/name", "null for a required field");
	refused("{\"name\": 5}", "wrong_type", "/name", "a number for a string");
	refused("{\"name\": \"Bo\", \"n\": 1.5}", "wrong_type", "/n", "a fraction");
	refused("{\"name\": \"Bo\", \"n\": \"3\"}", "wrong_type", "/n",
	    "a string for an integer");
	refused("{\"name\": \"Bo\", \"n\": 11}", "out_of_range", "/n",
	    "an integer above its maximum");
	refused("{\"name\": \"Bo\", \"on\": 1}", "wrong_type", "/on", "1 for true");
	refused("{\"name\": \"Bo\", \"opt\": 3}", "wrong_type", "/opt",
	    "a number for a nullable string");
	refused("{\"name\": \"Bobby1\"}", "out_of_range", "/name", "6 characters in 5");
	refused("{\"name\": \"\"}", "out_of_range", "/name", "empty below the minimum");
	refused("{\"name\": \"a\\tb\"}", "invalid_value", "/name", "a tab in a line");
	refused("{\"name\": \"Bo\", \"note\": \"\\u0007\"}", "invalid_value", "/note",
	    "a bell in text");
	refused("{\"name\": \"box\"}", "invalid_value", "/name", "a rule refuses");
	is_str(e.message, "no x, please", "...with the rule's sentence");
	refused("{\"name\": \"Bo\", \"day\": \"2027-02-29\"}", "invalid_value", "/day",
	    "a day that does not exist");
	refused("{\"name\": \"Bo\", \"ref\": \"a b\"}", "invalid_value", "/ref",
	    "an external id with a space");
	ok(try_read("{\"name\": \"Bo\", \"n\": 99}", "/lines/2") == 400, "a nested object");
	is_str(e.field, "/lines/2/n", "...is named below its base");

	ok(try_read("{\"name\": \"Bo\", \"items\": [{\"d\": \"a\", \"c\": 7}, "
	    "{\"d\": \"b\"}]}", "") == 0 && v[F_ITEMS].set && v[F_ITEMS].i == 2,
	    "a list of two objects");
	ok(v[F_ITEMS].items[I_C].i == 7 && v[F_ITEMS].items[I_C].set &&
	    strcmp(v[F_ITEMS].items[I__MAX + I_D].s, "b") == 0 &&
	    !v[F_ITEMS].items[I__MAX + I_C].set, "...each item read by its table");
	ok(try_read("{\"name\": \"Bo\", \"items\": []}", "") == 0 && v[F_ITEMS].set &&
	    v[F_ITEMS].i == 0, "an empty list");
	refused("{\"name\": \"Bo\", \"items\": [{\"d\": \"a\", \"cc\": 1}]}",
	    "unknown_field", "/items/0/cc", "an unknown field in an item");
	refused("{\"name\": \"Bo\", \"items\": [{\"d\": \"a\"}, {\"c\": 1}]}",
	    "missing_field", "/items/1/d", "a required field missing in an item");
	refused("{\"name\": \"Bo\", \"items\": [{\"d\": \"a\", \"c\": \"1\"}]}",
	    "wrong_type", "/items/0/c", "a wrong type in an item");
	refused("{\"name\": \"Bo\", \"items\": [{\"d\": \"a\"}, 3]}", "wrong_type",
	    "/items/1", "an item that is not an object");
	refused("{\"name\": \"Bo\", \"items\": {\"d\": \"a\"}}", "wrong_type",
	    "/items", "an object for a list");
	refused("{\"name\": \"Bo\", \"items\": [{\"d\": \"a\"}, {\"d\": \"b\"}, "
	    "{\"d\": \"c\"}]}", "out_of_range", "/items", "more items than the most");

	ok(try_read("{\"name\": \"Bo\", \"words\": [\"a\", \"bc\"]}", "") == 0 &&
	    v[F_WORDS].set && v[F_WORDS].i == 2 &&
	    strcmp(v[F_WORDS].items[1].s, "bc") == 0, "a list of two words");
	ok(try_read("{\"name\": \"Bo\", \"words\": []}", "") == 0 && v[F_WORDS].set &&
	    v[F_WORDS].i == 0, "no words");
	refused("{\"name\": \"Bo\", \"words\": [\"a\", \"xy\"]}", "invalid_value",
	    "/words/1", "a word its rule refuses");
	refused("{\"name\": \"Bo\", \"words\": [\"a\", 1]}", "wrong_type",
	    "/words/1", "a word that is not a string");
	refused("{\"name\": \"Bo\", \"words\": \"a\"}", "wrong_type", "/words",
	    "a string for a list of words");
	refused("{\"name\": \"Bo\", \"words\": [\"a\", \"b\", \"c\", \"d\"]}",
	    "out_of_range", "/words", "more words than the most");

	ok(try_read("[1]", "") == 400 && strcmp(e.code, "bad_json") == 0,
	    "an array is not an object");
	ok(try_read("{\"name\": \"Bo\"", "") == 400 && strcmp(e.code, "bad_json") == 0,
	    "cut-off JSON");
	ok(try_read("{\"name\": \"Bo\", \"name\": \"Al\"}", "") == 400,
	    "a field sent twice");
	ok(try_read("{\"name\": \"B\\u0000o\"}", "") == 400, "a NUL in a string");
	ok(try_read("{\"name\": \"\xff\"}", "") == 400, "invalid UTF-8");

	ok(api_xid_valid("A-1_b.c:d@e~f"), "an external id of every allowed character");
	ok(!api_xid_valid(""), "an empty external id");
	ok(!api_xid_valid("a/b") && !api_xid_valid("a+b") && !api_xid_valid("é"),
	    "a slash, a plus or a non-ASCII letter");
	memset(ptr, 'x', 128);
	ptr[128] = '\0';
	ok(api_xid_valid(ptr), "128 characters");
	ptr[128] = 'x';
	ptr[129] = '\0';
	ok(!api_xid_valid(ptr), "129 characters");

	api_err_set(&e, 422, "unprocessable", "/customer", "No %s.", "customer");
	j = api_err_json(&e);
	txt = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	is_str(txt, "{\"error\":{\"code\":\"unprocessable\",\"field\":\"/customer\","
	    "\"message\":\"No customer.\"}}", "the error object");
	free(txt);
	json_decref(j);
	api_err_set(&e, 401, "unauthorized", NULL, "Key.");
	j = api_err_json(&e);
	ok(json_object_get(json_object_get(j, "error"), "field") == NULL,
	    "no field when the error is about no field");
	json_decref(j);
	test_batch_lines();
	arena_free(&a);
	return tap_done();
}
