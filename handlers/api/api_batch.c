/* porch — SPDX-License-Identifier: MIT
 * POST /api/v1/batch: NDJSON in, NDJSON out. The body is read line by line and the
 * answer written as it goes, one result line per input line, so neither the whole
 * body nor the whole answer is ever held in memory: the answer moves to a
 * temporary file as it grows (resp_spill()) and is sent once the body is read —
 * nginx stops sending a request body once the answer begins, so an answer begun
 * earlier would wait for a body that never comes. Each line is a put or delete of
 * one item through the same api_item_put() / api_item_delete() as the item routes:
 * its own transaction, applied or refused whole; a bad line is reported and the
 * next one goes on. Bounds: api.batch_line_max bytes a line, api.batch_lines lines
 * a request.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <fcgiapp.h>

#include "api_batch.h"
#include "api_resource.h"
#include "handlers.h"

#define NDJSON_TYPE	"application/x-ndjson; charset=utf-8"
/* The answer moves out of memory whenever this much of it is waiting. */
#define SPILL_AT	65536

/*
 * Reads one line of the body into line (at most max bytes kept; the line break is
 * not kept, nor a CR before it). Returns 1 for a line, 0 at the end of the body;
 * *toolong is 1 when the line was longer than max (the rest is read and dropped).
 */
static int
read_line(FCGX_Stream *in, struct buf *line, size_t max, int *toolong)
{
	int ch, any = 0;

	buf_reset(line);
	*toolong = 0;
	while ((ch = FCGX_GetChar(in)) != EOF) {
		any = 1;
		if (ch == '\n')
			break;
		if (line->len < max)
			buf_putc(line, (char)ch);
		else
			*toolong = 1;
	}
	if (!*toolong && line->len > 0 && line->data[line->len - 1] == '\r')
		line->len--;
	return any;
}

/* Appends one result line {"line": n, ...o} to the answer. */
static void
answer_line(struct resp *p, size_t n, const struct api_batch_line *l,
    const struct api_outcome *o)
{
	json_t *j = json_pack("{s:I, s:i}", "line", (json_int_t)n, "status", o->status);
	json_t *err;

	if (l != NULL && l->resource != NULL) {
		json_object_set_new(j, "resource", json_string(l->resource));
		json_object_set_new(j, "external_id", json_string(l->xid));
	}
	if (o->status >= 400) {
		err = api_err_json(&o->err);	/* {"error": {...}} */
		json_object_update(j, err);
		json_decref(err);
	} else {
		json_object_set_new(j, "result", json_string(o->result));
		if (o->item != NULL)
			json_object_set(j, "item", o->item);
	}
	api_send_line(p, j);
}

/* One line: parsed, its resource found, applied. The outcome in o. */
static void
apply_line(struct api_call *c, const struct buf *line, struct api_batch_line *l,
    struct api_outcome *o)
{
	const struct api_resource *res;

	memset(o, 0, sizeof(*o));
	if ((o->status = api_batch_parse(c->a, line->data, line->len, l, &o->err)) != 0)
		return;
	if ((res = api_resource_find(l->resource)) == NULL)
		o->status = api_err_set(&o->err, 400, "unknown_resource", "/resource",
		    "There is no resource %s.", l->resource);
	else if (l->op == API_BATCH_PUT)
		api_item_put(c, res, l->xid, l->data, "/data", o);
	else
		api_item_delete(c, res, l->xid, o);
}

int
handle_api_batch(struct req *r, struct resp *p)
{
	const struct cfg_api *cfg = &r->cfg->api;
	const char *ct = r->content_type;
	struct api_batch_line l;
	struct api_outcome o;
	struct arena work = { NULL };
	struct api_call c;
	struct api_err e;
	struct buf line;
	size_t n = 0, lines = 0;
	int toolong;

	if (strncasecmp(ct, "application/x-ndjson", 20) != 0 ||
	    (ct[20] != '\0' && ct[20] != ';' && ct[20] != ' ')) {
		api_err_set(&e, 415, "unsupported_media_type", NULL, "Send a batch as "
		    "Content-Type: application/x-ndjson, one JSON object a line.");
		return api_error(p, &e);
	}
	api_call_init(&c, r);
	/* Each line's work lives in its own arena, emptied after the line. */
	c.a = c.who.a = &work;
	buf_init(&line, 4096);
	p->status = 200;
	p->content_type = NDJSON_TYPE;
	while (read_line(r->in, &line, (size_t)cfg->batch_line_max, &toolong)) {
		n++;
		if (!toolong && api_batch_blank(line.data, line.len))
			continue;
		memset(&l, 0, sizeof(l));
		if (++lines > (size_t)cfg->batch_lines) {
			memset(&o, 0, sizeof(o));
			o.status = api_err_set(&o.err, 413, "too_many_lines", NULL, "A batch "
			    "takes at most %d lines (api.batch_lines); this line and the "
			    "rest were not read. Send them again from here.",
			    cfg->batch_lines);
			answer_line(p, n, NULL, &o);
			/* Read the rest, so the web server's write of the body ends well. */
			while (FCGX_GetChar(r->in) != EOF)
				;
			break;
		}
		if (toolong) {
			memset(&o, 0, sizeof(o));
			o.status = api_err_set(&o.err, 413, "line_too_long", NULL, "A batch "
			    "line may be at most %d bytes (api.batch_line_max); this one "
			    "was not read.", cfg->batch_line_max);
		} else
			apply_line(&c, &line, &l, &o);
		answer_line(p, n, &l, &o);
		json_decref(o.item);
		json_decref(l.root);
		arena_reset(&work);
		resp_spill(p, SPILL_AT);
	}
	buf_free(&line);
	arena_free(&work);
	return 0;
}
