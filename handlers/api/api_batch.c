/* porch — SPDX-License-Identifier: MIT
 * POST /api/v1/batch: NDJSON in, NDJSON out. The body is read a group of lines at
 * a time (GROUP_LINES lines or GROUP_BYTES bytes) and the answer written as it
 * goes, one result line per input line, so neither the whole body nor the whole
 * answer is ever held in memory: the answer moves to a temporary file as it grows
 * (resp_spill()) and is sent once the body is read — nginx stops sending a request
 * body once the answer begins, so an answer begun earlier would wait for a body
 * that never comes. Each line is a put or delete of one item through the same
 * api_item_put() / api_item_delete() as the item routes. A group's lines run in
 * one transaction, each line inside its own savepoint, rolled back alone when the
 * line is refused or fails, so a bad line is reported and the next one goes on;
 * the group commits at its end, and only then are its lines answered. When the
 * group cannot commit (a deadlock, a lost connection), its lines are run again one
 * by one, each its own transaction, and answered as they really ended. A delete
 * that also acts outside the database (a document's file) runs in a transaction
 * of its own. Consecutive puts of a resource that writes set-wise (properties,
 * bookings) go as one set instead (run_set(), api_items_put_set()): the lines
 * checked one by one as always, the rows they name read and written with a few
 * statements for the whole set, a line refused writing nothing; when such a write
 * fails, the group runs again line by line. ?echo=false leaves the item out of each answer line (no read-back).
 * Bounds: api.batch_line_max bytes a line, api.batch_lines lines a request.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <fcgiapp.h>

#include "api_batch.h"
#include "api_resource.h"
#include "handlers.h"
#include "log.h"
#include "store.h"

#define NDJSON_TYPE	"application/x-ndjson; charset=utf-8"
/* The answer moves out of memory whenever this much of it is waiting. */
#define SPILL_AT	65536
/* A group, one transaction: at most this many lines, or lines until this many
 * bytes (and the one that passes it). */
#define GROUP_LINES	1000
#define GROUP_BYTES	(1024 * 1024)
/* The work arena's size, kept from group to group: a set of 1,000 bookings
 * takes about 5 MiB of it (the parsed lines, their outcomes, the rows read), and
 * an arena that malloc()ed and freed that much for each group spent a good part
 * of the worker's time in malloc's consolidation of its free lists. */
#define WORK_ARENA	(8 * 1024 * 1024)

/* One line of a group: its number in the body and its bytes in the group's raw. */
struct group_line {
	size_t	 n;
	size_t	 off, len;
	int	 toolong;
};

struct group {
	struct buf		 raw;
	struct group_line	 l[GROUP_LINES];
	json_t			*ans[GROUP_LINES];	/* the answer lines, once run */
	size_t			 n;
};

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
	buf_reserve(line, max);		/* once: the buffer is kept for every line */
	*toolong = 0;
	while ((ch = FCGX_GetChar(in)) != EOF) {
		any = 1;
		if (ch == '\n')
			break;
		if (line->len < max)
			line->data[line->len++] = (char)ch;
		else
			*toolong = 1;
	}
	if (!*toolong && line->len > 0 && line->data[line->len - 1] == '\r')
		line->len--;
	line->data[line->len] = '\0';
	return any;
}

/* One result line {"line": n, ...o}: a new reference. */
static json_t *
answer_json(size_t n, const struct api_batch_line *l, const struct api_outcome *o)
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
	return j;
}

/* The line's resource, once parsed; NULL (and o set) when there is none. */
static const struct api_resource *
line_resource(struct api_call *c, const char *data, size_t len,
    struct api_batch_line *l, struct api_outcome *o)
{
	const struct api_resource *res;

	memset(o, 0, sizeof(*o));
	if ((o->status = api_batch_parse(c->a, data, len, l, &o->err)) != 0)
		return NULL;
	if ((res = api_resource_find(l->resource)) == NULL)
		o->status = api_err_set(&o->err, 400, "unknown_resource", "/resource",
		    "There is no resource %s.", l->resource);
	return res;
}

/* Does the line act outside the database too, so that it may not wait for a
 * group's commit? */
static int
line_alone(const struct api_resource *res, const struct api_batch_line *l)
{
	return res != NULL && l->op == API_BATCH_DELETE && res->del_outside;
}

/* The outcome of a store error rc (DB_*), for a line. */
static void
line_db_error(struct api_outcome *o, int rc)
{
	struct change_result none;

	json_decref(o->item);
	o->item = NULL;
	o->result = NULL;
	memset(&none, 0, sizeof(none));
	o->status = api_change_err(&o->err, rc, &none, "");
}

/*
 * Runs line i of g: in a group (grouped 1), inside a savepoint undone alone when
 * the line fails; else in its own transaction, as the item route would.
 * Sets g->ans[i]. Returns 1 when, in a group, the line is one to run alone (it was
 * not run), else 0.
 */
static int
run_line(struct api_call *c, struct group *g, size_t i, int grouped)
{
	const struct group_line *gl = &g->l[i];
	const struct api_resource *res = NULL;
	struct api_batch_line l;
	struct api_outcome o;
	int rc, alone = 0;
	/* The change is a transaction of its own, so in a group a savepoint that
	 * is undone alone when it fails; the read-back after it is not, so with it
	 * the line gets a savepoint around both. */
	int mark = grouped && !c->no_item;

	memset(&l, 0, sizeof(l));
	memset(&o, 0, sizeof(o));
	if (gl->toolong)
		o.status = api_err_set(&o.err, 413, "line_too_long", NULL, "A batch line "
		    "may be at most %d bytes (api.batch_line_max); this one was not read.",
		    c->r->cfg->api.batch_line_max);
	else if ((res = line_resource(c, g->raw.data + gl->off, gl->len, &l, &o)) ==
	    NULL)
		;	/* o says why */
	else if (grouped && line_alone(res, &l))
		alone = 1;
	else if (mark && (rc = store_savepoint()) != DB_OK)
		line_db_error(&o, rc);
	else {
		if (l.op == API_BATCH_PUT)
			api_item_put(c, res, l.xid, l.data, "/data", &o);
		else
			api_item_delete(c, res, l.xid, &o);
		if (mark) {
			rc = o.status < 400 ? store_release() : store_rollback_to();
			if (rc != DB_OK && o.status < 400)
				line_db_error(&o, rc);
		}
	}
	if (!alone)
		g->ans[i] = answer_json(gl->n, &l, &o);
	json_decref(o.item);
	json_decref(l.root);
	arena_reset(c->a);
	return alone;
}

/* The external ids of a set so far, an open-addressed hash table of places in
 * xid (from 1; 0 is a free slot) with twice as many slots as the set may have
 * lines, so that finding a repeat costs one or two comparisons, not n. */
struct xid_set {
	const char *const	*xid;
	size_t			*slot;
	size_t			 mask;
};

static void
xid_set_init(struct arena *a, struct xid_set *s, const char *const *xid, size_t max)
{
	size_t size = 2;

	while (size < 2 * max)
		size *= 2;
	s->xid = xid;
	s->slot = arena_alloc(a, size * sizeof(*s->slot));
	memset(s->slot, 0, size * sizeof(*s->slot));
	s->mask = size - 1;
}

/* Is xid in s? If not, it goes in as the set's line n (xid[n] must be it). */
static int
xid_seen(struct xid_set *s, size_t n, const char *xid)
{
	size_t h = 2166136261u;		/* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)xid; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	for (h &= s->mask; s->slot[h] != 0; h = (h + 1) & s->mask)
		if (strcmp(s->xid[s->slot[h] - 1], xid) == 0)
			return 1;
	s->slot[h] = n + 1;
	return 0;
}

/*
 * Runs a set of g from line from, inside the group's transaction: the lines from
 * there that put items of one resource that writes set-wise (api_items_put_set()),
 * up to a line that does not or that repeats an external id of the set. Sets
 * g->ans of its lines and returns how many they are, with *rc DB_OK; 0 when fewer
 * than two lines make a set (line from is run alone); or, when the set-wise write
 * failed, their number with *rc the DB_* error and nothing answered: the group's
 * transaction must be rolled back.
 */
static size_t
run_set(struct api_call *c, struct group *g, size_t from, int *rc)
{
	size_t max = g->n - from, n;
	struct api_batch_line *l = arena_alloc(c->a, max * sizeof(*l));
	const char **xid = arena_alloc(c->a, max * sizeof(*xid));
	json_t **obj = arena_alloc(c->a, max * sizeof(*obj));
	const struct api_resource *res = NULL, *r;
	struct api_outcome *o, none;
	struct xid_set seen;

	*rc = DB_OK;
	xid_set_init(c->a, &seen, xid, max);
	for (n = 0; n < max; n++) {
		const struct group_line *gl = &g->l[from + n];

		if (gl->toolong)
			break;
		r = line_resource(c, g->raw.data + gl->off, gl->len, &l[n], &none);
		if (r == NULL || r->put_set == NULL || l[n].op != API_BATCH_PUT ||
		    (res != NULL && r != res)) {
			json_decref(l[n].root);
			break;
		}
		xid[n] = l[n].xid;
		if (xid_seen(&seen, n, l[n].xid)) {
			json_decref(l[n].root);
			break;
		}
		res = r;
		obj[n] = l[n].data;
	}
	if (n >= 2) {
		o = arena_alloc(c->a, n * sizeof(*o));
		if ((*rc = api_items_put_set(c, res, n, xid, obj, "/data", o)) == DB_OK)
			for (size_t k = 0; k < n; k++) {
				g->ans[from + k] = answer_json(g->l[from + k].n, &l[k], &o[k]);
				json_decref(o[k].item);
			}
	}
	for (size_t k = 0; k < n; k++)
		json_decref(l[k].root);
	arena_reset(c->a);
	return n >= 2 ? n : 0;
}

/* Sends lines [from, to) of g's answers and lets them go. */
static void
send_answers(struct resp *p, struct group *g, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		api_send_line(p, g->ans[i]);
		g->ans[i] = NULL;
		resp_spill(p, SPILL_AT);
	}
}

/* Line k's answer made "unavailable" (503), naming its resource and external id. */
static void
gone_answer(struct group *g, size_t k)
{
	struct api_outcome o;
	json_t *j, *v;

	memset(&o, 0, sizeof(o));
	line_db_error(&o, DB_GONE);
	j = answer_json(g->l[k].n, NULL, &o);
	if (g->ans[k] != NULL) {
		if ((v = json_object_get(g->ans[k], "resource")) != NULL)
			json_object_set(j, "resource", v);
		if ((v = json_object_get(g->ans[k], "external_id")) != NULL)
			json_object_set(j, "external_id", v);
		json_decref(g->ans[k]);
	}
	g->ans[k] = j;
}

/*
 * Runs lines [from, ...) of g in one transaction until the end of g or a line to
 * run alone: with sets, the runs of puts that can go set-wise as sets (run_set()),
 * the other lines each in its savepoint. Answers them once committed; when a
 * set-wise write failed, runs the same lines again without sets; when the
 * transaction could not commit, runs them again one by one, or answers them 503
 * when the connection was cut (they may have been kept). Returns the index it
 * stopped at.
 */
static size_t
run_group(struct api_call *c, struct resp *p, struct group *g, size_t from, int sets)
{
	size_t i = from, k;
	int rc, set_rc = DB_OK;

	if ((rc = store_begin_bulk()) == DB_OK) {
		while (i < g->n) {
			if (sets && (k = run_set(c, g, i, &set_rc)) > 0) {
				if (set_rc != DB_OK)
					break;
				i += k;
			} else if (run_line(c, g, i, 1))
				break;
			else
				i++;
		}
		rc = store_end(set_rc);
	}
	if (set_rc != DB_OK) {
		/* Nothing of the group is kept: its lines again, each in its own
		 * savepoint, so that each gets its own answer. */
		log_info("batch: a set-wise write of a group did not go (%s); running "
		    "its lines one by one", store_last_error());
		for (k = from; k < i; k++) {
			json_decref(g->ans[k]);
			g->ans[k] = NULL;
		}
		return run_group(c, p, g, from, 0);
	}
	if (rc == DB_OK) {
		send_answers(p, g, from, i);
		return i;
	}
	if (rc == DB_GONE) {
		/* The connection was cut, perhaps at COMMIT: the group may have been
		 * kept, so no line runs again (a note would be made twice); each is
		 * answered 503, for the tenant's system to send again. */
		log_info("batch: a group of %zu line(s) was cut (%s); answered 503",
		    i - from, store_last_error());
		for (k = from; k < i; k++)
			gone_answer(g, k);
		send_answers(p, g, from, i);
		return i;
	}
	/* Nothing of the group is kept (a conflict or an error): each line again, in
	 * its own transaction. The outcomes of the first run are not what happened. */
	log_info("batch: a group of %zu line(s) did not commit (%s); running them "
	    "one by one", i - from, store_last_error());
	for (k = from; k < i; k++) {
		json_decref(g->ans[k]);
		g->ans[k] = NULL;
		run_line(c, g, k, 0);
		send_answers(p, g, k, k + 1);
	}
	return i;
}

/* Runs and answers every line of g, then empties g. */
static void
run_lines(struct api_call *c, struct resp *p, struct group *g)
{
	size_t i = 0;

	while (i < g->n) {
		i = run_group(c, p, g, i, 1);
		if (i < g->n) {		/* a line to run alone */
			run_line(c, g, i, 0);
			send_answers(p, g, i, i + 1);
			i++;
		}
	}
	g->n = 0;
	buf_reset(&g->raw);
}

/* Reads ?echo=: *echo 1 (the default) or 0. 0, or 400 with e set. */
static int
read_echo(const struct req *r, int *echo, struct api_err *e)
{
	const struct kvlist *q = &r->query;

	*echo = 1;
	for (size_t i = 0; i < q->n; i++) {
		if (strcmp(q->v[i].key, "echo") != 0)
			return api_err_set(e, 400, "invalid_parameter", NULL, "%s: not a "
			    "parameter of the batch (echo).", q->v[i].key);
		if (strcmp(q->v[i].val, "true") == 0)
			*echo = 1;
		else if (strcmp(q->v[i].val, "false") == 0)
			*echo = 0;
		else
			return api_err_set(e, 400, "invalid_parameter", NULL, "echo: true "
			    "or false.");
	}
	return 0;
}

int
handle_api_batch(struct req *r, struct resp *p)
{
	const struct cfg_api *cfg = &r->cfg->api;
	const char *ct = r->content_type;
	struct api_outcome o;
	struct arena work = { NULL };
	struct api_call c;
	struct api_err e;
	struct buf line;
	struct group *g;
	size_t n = 0, lines = 0;
	int toolong, echo;

	if (strncasecmp(ct, "application/x-ndjson", 20) != 0 ||
	    (ct[20] != '\0' && ct[20] != ';' && ct[20] != ' ')) {
		api_err_set(&e, 415, "unsupported_media_type", NULL, "Send a batch as "
		    "Content-Type: application/x-ndjson, one JSON object a line.");
		return api_error(p, &e);
	}
	if (read_echo(r, &echo, &e) != 0)
		return api_error(p, &e);
	api_call_init(&c, r);
	c.no_item = !echo;
	/* Each line's work lives in its own arena, emptied after the line. */
	c.a = c.who.a = &work;
	arena_reserve(&work, WORK_ARENA);
	buf_init(&line, 4096);
	g = xcalloc(1, sizeof(*g));
	buf_init(&g->raw, 65536);
	p->status = 200;
	p->content_type = NDJSON_TYPE;
	while (read_line(r->in, &line, (size_t)cfg->batch_line_max, &toolong)) {
		n++;
		if (!toolong && api_batch_blank(line.data, line.len))
			continue;
		if (++lines > (size_t)cfg->batch_lines) {
			run_lines(&c, p, g);
			memset(&o, 0, sizeof(o));
			o.status = api_err_set(&o.err, 413, "too_many_lines", NULL, "A batch "
			    "takes at most %d lines (api.batch_lines); this line and the "
			    "rest were not read. Send them again from here.",
			    cfg->batch_lines);
			api_send_line(p, answer_json(n, NULL, &o));
			/* Read the rest, so the web server's write of the body ends well. */
			while (FCGX_GetChar(r->in) != EOF)
				;
			break;
		}
		g->l[g->n] = (struct group_line){ .n = n, .off = g->raw.len,
		    .len = toolong ? 0 : line.len, .toolong = toolong };
		if (!toolong)
			buf_put(&g->raw, line.data, line.len);
		if (++g->n == GROUP_LINES || g->raw.len >= GROUP_BYTES)
			run_lines(&c, p, g);
	}
	run_lines(&c, p, g);
	buf_free(&g->raw);
	free(g);
	buf_free(&line);
	arena_free(&work);
	return 0;
}
